using System.Text.Json;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Dann;
using SpeechDisentangle.Models.Tests.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Dann;

[Collection("torch")]
public sealed class DannMnistTaskTests : IDisposable
{
    readonly TestDirectory _dir = new();

    public DannMnistTaskTests()
    {
        TorchTestSetup.Init();
        TinyMnistFolder.WriteIdx(_dir.Combine("mnist"), train: 96, test: 40, seed: 1);
        TinyMnistFolder.WritePhotos(_dir.Combine("photos"), count: 3, seed: 2);
    }

    public void Dispose() => _dir.Dispose();

    RunConfig Config(bool sourceOnly, int steps = 40) => ConfigLoader.Parse($"""
        model: dann-mnist
        model_options:
          source_only: {(sourceOnly ? "true" : "false")}
          lambda_max: 0.1
          label_hidden: 32
          domain_hidden: 32
        optimizers:
          main: {"{"}kind: adam, learning_rate: 0.003{"}"}
        trainer: {"{"}max_steps: {steps}, batch_size: 32, log_every: 10, progress: false{"}"}
        data:
          photo_folder: {_dir.Combine("photos")}
          max_photo_side: 0
        """, "<test>");

    [Fact]
    public void Train_TinyDigitsAndPhotos_WritesFiniteMetricsAndPictures()
    {
        string exp = _dir.Combine("exp");
        var metrics = Experiment.Train(Config(sourceOnly: false), _dir.Combine("mnist"), exp, resume: false, TextWriter.Null);

        var written = JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(Path.Combine(exp, "metrics.json")))!;
        written.Keys.Should().BeEquivalentTo("target_accuracy", "source_accuracy", "domain_accuracy");
        written.Values.Should().OnlyContain(v => double.IsFinite(v) && v >= 0 && v <= 1);
        written.Should().BeEquivalentTo(metrics);
        // Two classes of bars: 40 steps are plenty to beat chance on the source domain.
        metrics["source_accuracy"].Should().BeGreaterThan(0.8);
        foreach (var picture in new[] { "domain_samples.png", "features_pca_domain.png", "features_pca_digit.png" })
            new FileInfo(Path.Combine(exp, "plots", picture)).Length.Should().BeGreaterThan(1000, picture);
        Directory.GetFiles(_dir.Combine("mnist", "mnist_m"), "*.npy", SearchOption.AllDirectories).Should().HaveCount(2);
    }

    [Fact]
    public void LoadData_BuiltBefore_ReusesCacheWithoutPhotos()
    {
        var task = new DannMnistTask();
        var config = Config(sourceOnly: false);
        Tensor first;
        using (var data = task.LoadData(_dir.Combine("mnist"), config)) first = data.Get("target_test_x").clone();
        using var firstCopy = first;
        Directory.Delete(_dir.Combine("photos"), recursive: true);

        using var again = task.LoadData(_dir.Combine("mnist"), config);

        again.Get("target_test_x").allclose(first, rtol: 0, atol: 0).Should().BeTrue();
        again.Get("target_test_x").shape.Should().Equal(40, 3, 28, 28);
    }

    [Fact]
    public void LoadData_DannAndSourceOnly_BatchesHalfTargetOrSourceAlone()
    {
        var task = new DannMnistTask();
        using var generator = new Generator(0);
        using var dann = task.LoadData(_dir.Combine("mnist"), Config(sourceOnly: false));
        using var scope = NewDisposeScope();
        var batch = dann.Train.Batches(0, generator).First();
        batch.Get("x").shape.Should().Equal(32, 3, 28, 28);
        batch.Get("domain").sum().item<long>().Should().Be(16);
        batch.Get("label")[16..].eq(-100).all().item<bool>().Should().BeTrue("target labels are never shown");
        batch.Get("label")[..16].ge(0).all().item<bool>().Should().BeTrue();

        using var sourceOnly = task.LoadData(_dir.Combine("mnist"), Config(sourceOnly: true));
        var alone = sourceOnly.Train.Batches(0, generator).First();
        alone.Get("x").shape.Should().Equal(16, 3, 28, 28);
        alone.Get("domain").sum().item<long>().Should().Be(0);
    }

    [Fact]
    public void LoadData_PhotoFolderWithoutPhotos_ThrowsNamingFolder()
    {
        string empty = _dir.Combine("empty");
        Directory.CreateDirectory(empty);
        var config = Config(sourceOnly: false) with { Data = ConfigLoader.Parse($"data: {"{"}photo_folder: {empty}{"}"}\n", "<test>").Data };

        var act = () => new DannMnistTask().LoadData(_dir.Combine("mnist"), config);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{empty}*no .jpg, .jpeg or .png*");
    }

    [Fact]
    public void PrincipalComponents_PointsOnALine_PutAllSpreadOnTheFirstAxis()
    {
        using var scope = NewDisposeScope();
        var t = linspace(-1, 1, 50).unsqueeze(1);
        var direction = tensor(new[] { 3f, -1f, 2f, 0.5f }).unsqueeze(0);
        var points = DannPictures.PrincipalComponents(t * direction + 7, 2);

        points.shape.Should().Equal(50, 2);
        points[.., 0].std().item<float>().Should().BeGreaterThan(1f);
        points[.., 1].abs().max().item<float>().Should().BeLessThan(1e-4f);
    }
}
