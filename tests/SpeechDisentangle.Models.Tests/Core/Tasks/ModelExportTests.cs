using System.Text.Json;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Tests.Core.Training;
using SpeechDisentangle.Models.Tests.Images.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Tasks;

/// <summary>One tiny trained mnist-classifier and its export, shared by the export tests (training is the slow part).</summary>
public sealed class TrainedClassifierFixture : IDisposable
{
    public TrainedClassifierFixture()
    {
        TorchTestSetup.Init();
        Dir = new TestDirectory();
        string data = Dir.Combine("mnist");
        TinyMnistFolder.Write(data, trainPerClass: 4, testPerClass: 1);
        Experiment.Train(Experiment.LoadConfig("mnist-classifier", null, Overrides), data, Dir.Combine("exp"), resume: false, TextWriter.Null, warnings: TextWriter.Null);
        Exported = ModelExport.Export(Checkpoint, Dir.Combine("export", "model.pt"));
    }

    internal static readonly string[] Overrides =
    [
        "trainer.max_steps=3", "trainer.batch_size=20", "trainer.progress=false", "trainer.log_every=1", "trainer.checkpoint_every=3",
        "model_options.base_channels=4", "model_options.feature_dim=16",
    ];

    internal TestDirectory Dir { get; }
    public string Data => Dir.Combine("mnist");
    public string Checkpoint => Dir.Combine("exp", "checkpoints", "last.ckpt");
    public ExportedModel Exported { get; }

    public void Dispose() => Dir.Dispose();
}

/// <summary>`sdt export` and its way back in through trainer.init_from.</summary>
[Collection("torch")]
public sealed class ModelExportTests(TrainedClassifierFixture trained) : IClassFixture<TrainedClassifierFixture>
{
    [Fact]
    public void Export_ThenInitializeAFreshModel_GivesIdenticalTensors()
    {
        var original = Experiment.Load(trained.Checkpoint);
        var task = ModelRegistry.Get("mnist-classifier");
        manual_seed(12345);
        var fresh = task.Build(task.ResolveOptions(original.Config.ModelOptions));

        var report = Checkpoint.InitializeFrom(trained.Exported.StateDictPath, fresh.Module);

        report.Kept.Should().BeEmpty();
        report.Ignored.Should().BeEmpty();
        var expected = original.Model.Module.state_dict();
        report.Copied.Should().Equal(expected.Keys);
        foreach (var (name, tensor) in fresh.Module.state_dict())
            PyTorchStateDictTests.Same(tensor, expected[name]).Should().BeTrue($"{name} must be the checkpoint's, bit for bit");
    }

    [Fact]
    public void Export_WritesJsonWithModelNameOptionsAndEveryTensor()
    {
        var original = Experiment.Load(trained.Checkpoint);

        using var doc = JsonDocument.Parse(File.ReadAllText(trained.Exported.ConfigPath));
        var root = doc.RootElement;

        trained.Exported.ConfigPath.Should().Be(Path.ChangeExtension(trained.Exported.StateDictPath, ".json"));
        root.GetProperty("format").GetString().Should().Be(ModelExport.Format);
        root.GetProperty("model").GetString().Should().Be("mnist-classifier");
        root.GetProperty("model_options").GetProperty("base_channels").GetInt32().Should().Be(4);
        root.GetProperty("model_options").GetProperty("feature_dim").GetInt32().Should().Be(16);
        root.GetProperty("state_dict").GetString().Should().Be("model.pt");
        root.GetProperty("step").GetInt64().Should().Be(3);
        var tensors = root.GetProperty("tensors").EnumerateArray().ToList();
        var expected = original.Model.Module.state_dict();
        tensors.Select(t => t.GetProperty("name").GetString()).Should().Equal(expected.Keys);
        foreach (var t in tensors)
        {
            var own = expected[t.GetProperty("name").GetString()!];
            t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).Should().Equal(own.shape);
            t.GetProperty("dtype").GetString().Should().Be(PyTorchStateDict.TorchDTypeName(own.dtype));
        }
    }

    [Fact]
    public void Export_OntoAnExistingFile_RefusesNamingTheFlagAndLeavesItUnchanged()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("model.pt");
        File.WriteAllText(path, "mine");

        var act = () => ModelExport.Export(trained.Checkpoint, path);

        act.Should().Throw<IOException>().WithMessage($"--out '{path}' already exists; pass --overwrite to replace it");
        File.ReadAllText(path).Should().Be("mine");
        File.Exists(dir.Combine("model.json")).Should().BeFalse("nothing is written when an output is refused");
        Directory.GetFiles(dir.Path).Should().Equal(path);
    }

    [Fact]
    public void Export_OntoAnExistingConfigWithOverwrite_ReplacesBoth()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("model.pt");
        string config = dir.Combine("arch.json");
        File.WriteAllText(path, "old");
        File.WriteAllText(config, "old");

        var refused = () => ModelExport.Export(trained.Checkpoint, dir.Combine("other.pt"), config);
        refused.Should().Throw<IOException>().WithMessage("--out-config*already exists*--overwrite*");
        ModelExport.Export(trained.Checkpoint, path, config, overwrite: true);

        PyTorchStateDict.IsPyTorchFile(path).Should().BeTrue();
        File.ReadAllText(config).Should().Contain("\"model\": \"mnist-classifier\"");
        Directory.GetFiles(dir.Path).Order(StringComparer.Ordinal).Should().Equal(config, path);
    }

    [Fact]
    public void Train_InitFromAnExport_LogsTheCopyAndThatTheFileHasNoChecksum()
    {
        using var dir = new TestDirectory();
        var log = new StringWriter();
        var config = Experiment.LoadConfig("mnist-classifier", null,
            [.. TrainedClassifierFixture.Overrides, "trainer.max_steps=1", $"trainer.init_from={trained.Exported.StateDictPath}"]);

        Experiment.Train(config, trained.Data, dir.Combine("exp"), resume: false, log, warnings: TextWriter.Null);

        log.ToString().Should().Contain($"mnist-classifier: initialised from {trained.Exported.StateDictPath}: PyTorch state_dict, not checksummed " +
                                        $"(it comes from outside sdt): copied {trained.Exported.Tensors.Count} tensors; kept 0 as built; ignored 0");
    }

    [PythonTorchFact]
    public void Export_ReadByTorchLoad_HasTheSameNamesShapesAndValues()
    {
        var expected = Experiment.Load(trained.Checkpoint).Model.Module.state_dict();

        string stdout = PythonTorch.Run("""
            import json, sys, torch
            sd = torch.load(sys.argv[1], weights_only=True)   # the default of torch 2.6 and later
            assert all(type(v) is torch.Tensor and not v.requires_grad for v in sd.values()), "plain detached tensors"
            print(json.dumps([[k, list(v.shape), str(v.dtype), v.double().flatten().tolist()] for k, v in sd.items()]))
            """, trained.Exported.StateDictPath);

        using var doc = JsonDocument.Parse(stdout);
        var entries = doc.RootElement.EnumerateArray().ToList();
        entries.Select(e => e[0].GetString()).Should().Equal(expected.Keys);
        foreach (var e in entries)
        {
            var own = expected[e[0].GetString()!];
            e[1].EnumerateArray().Select(d => d.GetInt64()).Should().Equal(own.shape);
            e[2].GetString().Should().Be("torch." + PyTorchStateDict.TorchDTypeName(own.dtype));
            var values = e[3].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            values.Should().Equal(own.to_type(ScalarType.Float64).flatten().data<double>().ToArray(), $"{e[0].GetString()} must hold the checkpoint's values exactly");
        }
    }

    /// <summary>
    /// The README's Python lines: bench/pytorch/twins.py's FeatureClassifier has the C# model's layer names, built
    /// from model.json's model_options it loads the export with strict=True and gives the C# model's logits.
    /// </summary>
    [PythonTorchFact]
    public void Export_LoadedIntoThePyTorchTwinFromTheJson_GivesTheSameLogits()
    {
        var model = (SpeechDisentangle.Models.Images.Common.ClassifierObjective)Experiment.Load(trained.Checkpoint).Model;
        model.Module.eval();
        var image = Enumerable.Range(0, 28 * 28).Select(i => (float)Math.Sin(i * 0.37)).ToArray();
        using var x = tensor(image).reshape(1, 1, 28, 28);
        using var logits = model.Model.call(x);
        var expected = logits.flatten().data<float>().ToArray();

        string stdout = PythonTorch.Run("""
            import json, sys, torch
            sys.path.insert(0, sys.argv[1]); from twins import FeatureClassifier
            o = json.load(open(sys.argv[2]))["model_options"]
            net = FeatureClassifier(o["base_channels"], o["feature_dim"], o["classes"], o["dropout"])
            net.load_state_dict(torch.load(sys.argv[3])); net.eval()
            x = torch.tensor(json.loads(sys.argv[4])).reshape(1, 1, 28, 28)
            print(json.dumps(net(x).detach().flatten().tolist()))
            """, Path.Combine(RepoRoot.Path, "bench", "pytorch"), trained.Exported.ConfigPath, trained.Exported.StateDictPath, JsonSerializer.Serialize(image));

        PythonTorch.ShouldMatch(stdout, expected, 1e-4);
    }
}
