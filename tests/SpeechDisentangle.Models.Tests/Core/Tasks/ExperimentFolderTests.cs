using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Images.Common;
using SpeechDisentangle.Models.Tests.Core.Training;
using SpeechDisentangle.Models.Tests.Images.Common;

namespace SpeechDisentangle.Models.Tests.Core.Tasks;

/// <summary>`sdt train` and the experiment folder: refuse a used folder, --overwrite, --resume, and create nothing on a bad config.</summary>
[Collection("torch")]
public sealed class ExperimentFolderTests : IDisposable
{
    readonly TestDirectory _dir = new();
    readonly string _data;
    readonly string _exp;

    public ExperimentFolderTests()
    {
        TorchTestSetup.Init();
        _data = _dir.Combine("mnist");
        TinyMnistFolder.Write(_data, trainPerClass: 4, testPerClass: 1);
        _exp = _dir.Combine("exp");
    }

    public void Dispose() => _dir.Dispose();

    static readonly string[] Tiny =
    [
        "trainer.max_steps=4", "trainer.batch_size=20", "trainer.progress=false", "trainer.log_every=1", "trainer.checkpoint_every=2",
        "model_options.base_channels=4", "model_options.feature_dim=16",
    ];

    IReadOnlyDictionary<string, double> Train(bool resume = false, bool overwrite = false, params string[] overrides) =>
        Experiment.Train(Experiment.LoadConfig("mnist-classifier", null, [.. Tiny, .. overrides]), _data, _exp, resume, TextWriter.Null, overwrite, TextWriter.Null);

    [Fact]
    public void Train_IntoAFolderHoldingARun_RefusesNamingFolderAndFlagsAndChangesNothing()
    {
        Train();
        var before = Snapshot();

        var act = () => Train();

        act.Should().Throw<InvalidOperationException>().WithMessage($"'{_exp}' already holds a run (checkpoints, tensorboard, metrics.jsonl, metrics.csv, config.yaml, metrics.json*); pass --resume*or --overwrite*");
        Snapshot().Should().Equal(before);
    }

    [Fact]
    public void Train_Overwrite_DeletesTheOldRunsFilesAndKeepsOthers()
    {
        Train(overrides: "trainer.max_steps=6");
        File.WriteAllText(Path.Combine(_exp, "notes.txt"), "mine");
        Directory.CreateDirectory(Path.Combine(_exp, "plots"));
        File.WriteAllText(Path.Combine(_exp, "plots", "stale.png"), "old picture");

        Train(overwrite: true);

        File.ReadAllLines(Path.Combine(_exp, "metrics.csv")).Skip(1).Select(l => long.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture))
            .Max().Should().Be(4, "the 6-step run's rows are gone");
        Checkpoint.Verify(Path.Combine(_exp, "checkpoints", "last.ckpt")).Step.Should().Be(4);
        File.Exists(Path.Combine(_exp, "plots", "stale.png")).Should().BeFalse();
        File.ReadAllText(Path.Combine(_exp, "notes.txt")).Should().Be("mine");
    }

    [Fact]
    public void Train_ResumeOfAFinishedRunWithMoreSteps_ContinuesAndLogsEachStepOnce()
    {
        Train();

        Train(resume: true, overrides: "trainer.max_steps=6");

        var steps = File.ReadAllLines(Path.Combine(_exp, "metrics.csv")).Skip(1).Where(l => l.Contains(",train,loss,", StringComparison.Ordinal))
            .Select(l => l.Split(',')[0]).ToList();
        steps.Should().Equal("1", "2", "3", "4", "5", "6");
    }

    [Fact]
    public void Train_ResumeAndOverwriteTogether_Throws()
    {
        var act = () => Train(resume: true, overwrite: true);
        act.Should().Throw<ArgumentException>().WithMessage("--resume and --overwrite exclude each other*");
        Directory.Exists(_exp).Should().BeFalse();
    }

    [Fact]
    public void Train_ConfigYaml_SpellsOutEveryOptimizerWithTheRunsChanges()
    {
        Train(overrides: "optimizers.main.learning_rate=0.005");

        var saved = ConfigLoader.Load(Path.Combine(_exp, ExperimentConfig.FileName));

        saved.Optimizers.Keys.Should().Equal("main");
        saved.Optimizers["main"].Bind<OptimizerSettings>().Should().Be(ClassifierObjective.MainOptimizer with { LearningRate = 0.005 });
        saved.Optimizers["main"].Values.Keys.Should().Contain(["kind", "learning_rate", "beta1", "beta2", "grad_clip_norm"], "every setting is written, defaults included");
    }

    [Theory]
    [InlineData("trainer.max_steps=0")]
    [InlineData("optimizers.main.learning_rate=-1")]
    [InlineData("optimizers.nope.learning_rate=0.1")]
    [InlineData("model_options.optimizer.learning_rate=0.1")]
    [InlineData("optimizers.main.flat=true")]
    public void Train_InvalidConfig_CreatesNothing(string bad)
    {
        var act = () => Train(overrides: bad);

        act.Should().Throw<Exception>();
        Directory.Exists(_exp).Should().BeFalse();
    }

    [Fact]
    public void Train_InitFromCorruptCheckpoint_ThrowsNamingItAndCreatesNothing()
    {
        string other = _dir.Combine("other");
        Experiment.Train(Experiment.LoadConfig("mnist-classifier", null, Tiny), _data, other, resume: false, TextWriter.Null);
        string checkpoint = Path.Combine(other, "checkpoints", "last.ckpt");
        FileDamage.FlipMiddle(checkpoint, 200);

        var act = () => Train(overrides: $"trainer.init_from={checkpoint}");

        act.Should().Throw<InvalidDataException>().WithMessage($"checkpoint '{checkpoint}' is corrupt*");
        Directory.Exists(_exp).Should().BeFalse();
    }

    [Fact]
    public void Load_CorruptCheckpoint_ThrowsNamingIt()
    {
        Train();
        string checkpoint = Path.Combine(_exp, "checkpoints", "best.ckpt");
        FileDamage.FlipMiddle(checkpoint, 200);

        var act = () => Experiment.Load(checkpoint);

        act.Should().Throw<InvalidDataException>().WithMessage($"checkpoint '{checkpoint}' is corrupt*");
    }

    Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(_exp, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
}
