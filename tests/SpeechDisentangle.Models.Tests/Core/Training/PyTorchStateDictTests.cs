using System.Text.Json;
using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Training;

/// <summary>PyTorch state_dict files: trainer.init_from reads them (fixture made by PyTorch), and PyTorch reads what sdt writes.</summary>
[Collection("torch")]
public class PyTorchStateDictTests
{
    public PyTorchStateDictTests() => TorchTestSetup.Init();

    /// <summary>Made by Fixtures/PyTorch/make_tiny_state_dict.py: enc (Linear 3→2), norm (BatchNorm1d 2), extra (Linear 2→1).</summary>
    static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "PyTorch", name);

    /// <summary>The C# side of the fixture: enc and norm as in the file, dec instead of extra.</summary>
    static nn.Module<Tensor, Tensor> TinyModel(int encOut = 2) =>
        nn.Sequential(("enc", nn.Linear(3, encOut)), ("norm", nn.BatchNorm1d(encOut)), ("dec", nn.Linear(encOut, 2)));

    /// <summary>Same shape, dtype and every element (bit for bit, short of NaN).</summary>
    internal static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();

    static float[] Values(Tensor t) => t.to_type(ScalarType.Float32).flatten().data<float>().ToArray();

    [Fact]
    public void InitializeFrom_PyTorchFile_CopiesSharedTensorsWithTheFilesValues()
    {
        using var model = TinyModel();
        var decBefore = Values(model.state_dict()["dec.weight"]);

        var report = Checkpoint.InitializeFrom(Fixture("tiny_state_dict.pt"), model);

        var sd = model.state_dict();
        Values(sd["enc.weight"]).Should().Equal(-0.625f, -0.375f, -0.125f, 0.125f, 0.375f, 0.625f);
        sd["enc.weight"].shape.Should().Equal(2, 3);
        Values(sd["enc.bias"]).Should().Equal(0.5f, -0.5f);
        Values(sd["norm.weight"]).Should().Equal(1.5f, 2.0f);
        Values(sd["norm.bias"]).Should().Equal(0.25f, -0.25f);
        Values(sd["norm.running_mean"]).Should().Equal(0.125f, -0.125f);
        Values(sd["norm.running_var"]).Should().Equal(0.75f, 1.25f);
        sd["norm.num_batches_tracked"].item<long>().Should().Be(7);
        Values(sd["dec.weight"]).Should().Equal(decBefore, "dec is not in the file");
        report.Copied.Should().BeEquivalentTo(["enc.weight", "enc.bias", "norm.weight", "norm.bias", "norm.running_mean", "norm.running_var", "norm.num_batches_tracked"]);
        report.Kept.Should().BeEquivalentTo(["dec.weight", "dec.bias"]);
        report.Ignored.Should().Equal("extra.bias", "extra.weight");
        report.Summary().Should().StartWith("PyTorch state_dict, not checksummed").And.Contain("copied 7 tensors; kept 2 as built");
    }

    [Fact]
    public void InitializeFrom_PyTorchFileWithAnotherShape_ThrowsNamingTensorAndBothShapesAndChangesNothing()
    {
        using var model = TinyModel(encOut: 4);
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => Values(kv.Value));
        string path = Fixture("tiny_state_dict.pt");

        var act = () => Checkpoint.InitializeFrom(path, model);

        act.Should().Throw<InvalidDataException>().WithMessage($"'{path}': tensor 'enc.weight' has shape [2, 3] in the file but [4, 3] in this model*");
        foreach (var (name, tensor) in model.state_dict()) Values(tensor).Should().Equal(before[name], $"{name} must be untouched");
    }

    [Fact]
    public void InitializeFrom_PyTorchFileHoldingAWholeTrainingCheckpoint_ThrowsSayingToSaveTheStateDict()
    {
        using var model = TinyModel();
        string path = Fixture("training_checkpoint.pt");

        var act = () => Checkpoint.InitializeFrom(path, model);

        act.Should().Throw<InvalidDataException>().WithMessage($"'{path}': entry 'model' is a *, not a tensor*save the model's state_dict itself*");
    }

    [Fact]
    public void InitializeFrom_PyTorchFileInTheFormatBefore16_ThrowsSayingHowToResaveIt()
    {
        using var model = TinyModel();
        string path = Fixture("legacy_format.pt");

        var act = () => Checkpoint.InitializeFrom(path, model);

        act.Should().Throw<InvalidDataException>().WithMessage($"'{path}' is a PyTorch file in the format before PyTorch 1.6*torch.save(torch.load(path), new_path)");
    }

    [Fact]
    public void InitializeFrom_PyTorchFileSharingNoName_ThrowsListingBothSidesNames()
    {
        using var model = nn.Sequential(("other", nn.Linear(3, 2)));
        string path = Fixture("tiny_state_dict.pt");

        var act = () => Checkpoint.InitializeFrom(path, model);

        act.Should().Throw<InvalidDataException>().WithMessage($"'{path}'*shares no tensor name*enc.bias*the model has: other.weight, other.bias*");
    }

    [Fact]
    public void WriteThenInitializeFrom_RoundTrip_GivesIdenticalTensorsIncludingBuffers()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("m.pt");
        using var source = TrainedTinyModel(seed: 3);
        using var target = TinyModel();

        var written = PyTorchStateDict.Write(path, source);
        var report = Checkpoint.InitializeFrom(path, target);

        written.Select(e => e.Name).Should().Equal(source.state_dict().Keys);
        report.Kept.Should().BeEmpty();
        report.Ignored.Should().BeEmpty();
        foreach (var (name, tensor) in source.state_dict())
            Same(target.state_dict()[name], tensor).Should().BeTrue($"{name} must round-trip bit for bit");
    }

    [Fact]
    public void IsPyTorchFile_TellsTorchSaveFilesFromSdtCheckpointsAndMissingFiles()
    {
        using var dir = new TestDirectory();
        string ckpt = dir.Combine("m.ckpt");
        using var model = TinyModel();
        Checkpoint.Save(ckpt, model, new Dictionary<string, TorchSharp.Modules.OptimizerHelper>(), new TrainerState(1, null, -1, 0), null);

        PyTorchStateDict.IsPyTorchFile(Fixture("tiny_state_dict.pt")).Should().BeTrue();
        PyTorchStateDict.IsPyTorchFile(Fixture("legacy_format.pt")).Should().BeTrue();
        PyTorchStateDict.IsPyTorchFile(ckpt).Should().BeFalse();
        PyTorchStateDict.IsPyTorchFile(dir.Combine("missing.pt")).Should().BeFalse();
    }

    /// <summary>
    /// The naming contract of the README: a PyTorch module with the same layer names and types loads sdt's file with
    /// strict=True and computes what the TorchSharp module computes.
    /// </summary>
    [PythonTorchFact]
    public void Write_PyTorchModuleWithTheSameLayerNames_LoadsStrictlyAndComputesTheSameOutput()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("tiny.pt");
        using var model = TrainedTinyModel(seed: 5);
        model.eval();
        float[] input = [0.5f, -1.0f, 2.0f, 1.5f, 0.25f, -0.75f];
        using var x = tensor(input).reshape(2, 3);
        var expected = Values(model.call(x));
        PyTorchStateDict.Write(path, model);

        string stdout = PythonTorch.Run("""
            import collections, json, sys, torch
            from torch import nn
            m = nn.Sequential(collections.OrderedDict(enc=nn.Linear(3, 2), norm=nn.BatchNorm1d(2), dec=nn.Linear(2, 2)))
            m.load_state_dict(torch.load(sys.argv[1]), strict=True)
            m.eval()
            x = torch.tensor(json.loads(sys.argv[2])).reshape(2, 3)
            print(json.dumps(m(x).detach().flatten().tolist()))
            """, path, JsonSerializer.Serialize(input));

        PythonTorch.ShouldMatch(stdout, expected, 1e-5);
    }

    /// <summary>A tiny model whose BatchNorm has seen a batch, so its running statistics and counter are not the defaults.</summary>
    static nn.Module<Tensor, Tensor> TrainedTinyModel(int seed)
    {
        torch.manual_seed(seed);
        var model = TinyModel();
        model.train();
        using (no_grad())
        {
            using var batch = randn(8, 3);
            model.call(batch).Dispose();
        }
        return model;
    }
}
