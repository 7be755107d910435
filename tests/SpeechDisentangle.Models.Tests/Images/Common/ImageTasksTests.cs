using System.Text.Json;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Images.Common;
using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Models.Tests.Images.Common;

[Collection("torch")]
public sealed class ImageTasksTests : IDisposable
{
    readonly TestDirectory _dir = new();
    readonly string _data;

    public ImageTasksTests()
    {
        TorchTestSetup.Init();
        _data = _dir.Combine("mnist");
        TinyMnistFolder.Write(_data);
    }

    public void Dispose() => _dir.Dispose();

    // Small nets and a few steps: the point is the wiring (config -> data -> Trainer -> metrics -> pictures).
    static readonly string[] Tiny = ["trainer.max_steps=3", "trainer.batch_size=20", "trainer.progress=false", "trainer.log_every=1"];

    IReadOnlyDictionary<string, double> Train(string model, string outDir, params string[] overrides)
    {
        var config = Experiment.LoadConfig(model, null, [.. Tiny, .. overrides]);
        return Experiment.Train(config, _data, outDir, resume: false, TextWriter.Null);
    }

    string TrainClassifier()
    {
        string exp = _dir.Combine("classifier");
        Train("mnist-classifier", exp, "model_options.base_channels=4", "model_options.feature_dim=16");
        return Path.Combine(exp, "checkpoints", "last.ckpt");
    }

    [Theory]
    [InlineData("bigan", new[] { "knn1_accuracy", "logistic_accuracy", "knn1_accuracy_hidden", "knn1_accuracy_pixels" }, new[] { "samples.png", "reconstructions.png" },
        new[] { "model_options.base_channels=4", "model_options.joint_hidden=16", "model_options.latent_dim=8" })]
    [InlineData("triplegan", new[] { "test_error", "test_accuracy" }, new[] { "class_samples.png" },
        new[] { "model_options.base_channels=4", "model_options.joint_hidden=16", "model_options.noise_dim=8", "model_options.classifier.base_channels=4", "data.labels_per_class=2", "data.labelled_batch_size=8" })]
    [InlineData("triplegan-baseline", new[] { "test_error", "test_accuracy" }, new string[0],
        new[] { "model_options.classifier.base_channels=4", "data.labels_per_class=2" })]
    [InlineData("vaegan", new[] { "recon_mse" }, new[] { "samples.png", "reconstructions.png" },
        new[] { "model_options.base_channels=4", "model_options.latent_dim=8" })]
    [InlineData("infogan", new[] { "categorical_accuracy", "q_train_information" }, new[] { "samples.png", "traversal_c1.png" },
        new[] { "model_options.base_channels=4", "model_options.q_hidden=8", "model_options.noise_dim=8" })]
    public void Train_FewSteps_WritesFiniteMetricsAndPictures(string model, string[] metricNames, string[] pictures, string[] options)
    {
        string exp = _dir.Combine(model);

        var metrics = Train(model, exp, options);

        metrics.Keys.Should().BeEquivalentTo(metricNames);
        metrics.Values.Should().OnlyContain(v => double.IsFinite(v));
        var written = JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(Path.Combine(exp, "metrics.json")));
        written.Should().BeEquivalentTo(metrics);
        foreach (var picture in pictures) new FileInfo(Path.Combine(exp, "plots", picture)).Length.Should().BeGreaterThan(100, picture);
        if (metrics.TryGetValue("test_error", out var error)) (error + metrics["test_accuracy"]).Should().BeApproximately(1, 1e-9);
    }

    [Fact]
    public void Evaluate_VaeFromCheckpoint_EqualsMetricsAfterTrainingWithFrechetDistance()
    {
        string classifier = TrainClassifier();
        string exp = _dir.Combine("vae");

        var trained = Train("vae", exp, "model_options.base_channels=4", "model_options.latent_dim=8", $"data.classifier_checkpoint={classifier}");
        var evaluated = Experiment.Evaluate(Experiment.Load(Path.Combine(exp, "checkpoints", "last.ckpt")), _data, TextWriter.Null);

        trained.Keys.Should().BeEquivalentTo("recon_mse", "frechet_distance");
        trained["frechet_distance"].Should().BePositive().And.Match(v => double.IsFinite(v));
        foreach (var (key, value) in trained) evaluated[key].Should().BeApproximately(value, 1e-9 + (1e-5 * Math.Abs(value)), key);
        File.Exists(Path.Combine(exp, "plots", "samples.png")).Should().BeTrue();
    }

    [Fact]
    public void Evaluate_WithoutClassifierCheckpoint_SkipsFrechetDistanceAndSaysSo()
    {
        string exp = _dir.Combine("vae-nofd");
        var log = new StringWriter();
        var config = Experiment.LoadConfig("vae", null, [.. Tiny, "model_options.base_channels=4", "model_options.latent_dim=8"]);

        var metrics = Experiment.Train(config, _data, exp, resume: false, log);

        metrics.Keys.Should().BeEquivalentTo("recon_mse");
        log.ToString().Should().Contain("no data.classifier_checkpoint given");
    }

    [Fact]
    public void SampleGridSave_ModelThatCannotSample_ThrowsNamingTheModel()
    {
        string checkpoint = TrainClassifier();
        var experiment = Experiment.Load(checkpoint);

        var act = () => SampleGrid.Save(experiment, _dir.Combine("grid.png"));

        act.Should().Throw<InvalidOperationException>().WithMessage("*'mnist-classifier'*cannot draw samples*vae*");
        File.Exists(_dir.Combine("grid.png")).Should().BeFalse();
    }

    [Fact]
    public void SampleGridSave_TrainedTripleGan_WritesGridAndRejectsRaggedCount()
    {
        string exp = _dir.Combine("tg");
        Train("triplegan", exp, "model_options.base_channels=4", "model_options.joint_hidden=16", "model_options.noise_dim=8",
            "model_options.classifier.base_channels=4", "data.labels_per_class=2");
        var experiment = Experiment.Load(Path.Combine(exp, "checkpoints", "last.ckpt"));

        string path = SampleGrid.Save(experiment, _dir.Combine("grid.png"), n: 20, columns: 10);
        var ragged = () => SampleGrid.Save(experiment, _dir.Combine("ragged.png"), n: 15, columns: 10);

        new FileInfo(path).Length.Should().BeGreaterThan(100);
        ragged.Should().Throw<ArgumentException>().WithMessage("*multiple of the 10 columns*");
    }

    [Fact]
    public void LoadData_TooFewExamplesPerClassForLabels_ThrowsNamingTheClass()
    {
        var config = Experiment.LoadConfig("triplegan", null, [.. Tiny, "data.labels_per_class=11"]);

        var act = () => ModelRegistry.Get("triplegan").LoadData(_data, config);

        act.Should().Throw<ArgumentException>().WithMessage("*class 0 has 10 examples*11*");
    }
}
