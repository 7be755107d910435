using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Models.Tests.Core.Config;

public class ConfigLoaderTests
{
    static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Config", "infogan_mnist.yaml");

    sealed record GanOptions
    {
        public int LatentDim { get; init; } = 100;
        public int Categorical { get; init; }
        public int Continuous { get; init; }
        public IReadOnlyList<int> Hidden { get; init; } = [];
    }

    [Fact]
    public void Load_Fixture_BindsEverySection()
    {
        var config = ConfigLoader.Load(Fixture);

        config.Model.Should().Be("infogan");
        config.Trainer.MaxSteps.Should().Be(2000);
        config.Trainer.EvalEvery.Should().Be(500);
        config.Trainer.Device.Should().Be("auto");
        config.Trainer.BatchSize.Should().Be(64, "unset keys keep their defaults");
        config.Trainer.Schedules["generator"].Should().Be(new LrScheduleOptions { Kind = LrScheduleKind.Cosine, WarmupSteps = 100 });
        config.ModelOptions.Bind<GanOptions>().Should().BeEquivalentTo(new GanOptions { LatentDim = 62, Categorical = 10, Continuous = 2 });
        config.Data.Values["folder"].Should().Be("data/mnist");
    }

    [Fact]
    public void Load_WithOverrides_ConvertsToTargetTypes()
    {
        var config = ConfigLoader.Load(Fixture, ["trainer.max_steps=50", "trainer.progress=false", "model_options.hidden=[8, 16]", "trainer.best_metric=acc"]);

        config.Trainer.MaxSteps.Should().Be(50);
        config.Trainer.Progress.Should().BeFalse();
        config.Trainer.BestMetric.Should().Be("acc");
        config.ModelOptions.Bind<GanOptions>().Hidden.Should().Equal(8, 16);
    }

    [Fact]
    public void Parse_UnknownKey_ThrowsNamingKeyFileAndLine()
    {
        string yaml = "model: x\ntrainer:\n  max_steps: 10\n  max_stepz: 20\n";

        var act = () => ConfigLoader.Parse(yaml, "conf/run.yaml");

        act.Should().Throw<ConfigException>().WithMessage("conf/run.yaml:4: unknown key 'trainer.max_stepz'*max_steps*");
    }

    [Fact]
    public void Parse_SeveralBadValues_ReportsAllWithLocations()
    {
        string yaml = "model: x\ntrainer:\n  max_steps: many\n  progress: maybe\nsurprise: 1\n";

        var act = () => ConfigLoader.Parse(yaml, "c.yaml", ["trainer.seed=abc"]);

        act.Should().Throw<ConfigException>()
            .WithMessage("*c.yaml:3: trainer.max_steps: 'many' is not an integer*")
            .WithMessage("*c.yaml:4: trainer.progress: 'maybe' is not true or false*")
            .WithMessage("*c.yaml:5: unknown key 'surprise'*")
            .WithMessage("*--set trainer.seed=abc: trainer.seed: 'abc' is not an integer*");
    }

    [Fact]
    public void Parse_OverrideOfUnknownKey_ThrowsNamingOverride()
    {
        var act = () => ConfigLoader.Parse("model: x\n", "c.yaml", ["trainer.nope=1"]);

        act.Should().Throw<ConfigException>().WithMessage("--set trainer.nope=1: unknown key 'trainer.nope'*");
    }

    [Fact]
    public void Parse_OverrideOfUnknownSection_BlamesTheOverrideNotTheFile()
    {
        var act = () => ConfigLoader.Parse("model: x\n", "<defaults>", ["foo.bar=1"]);

        act.Should().Throw<ConfigException>().WithMessage("--set foo.bar=1: unknown key 'foo'*");
    }

    [Fact]
    public void Parse_TabInIndentation_NamesTheLineOfTheTab()
    {
        string yaml = "model: x\ntrainer:\n  max_steps: 10\n\tseed: 3\n";

        var act = () => ConfigLoader.Parse(yaml, "tab.yaml");

        act.Should().Throw<ConfigException>().WithMessage("tab.yaml:4: *tab*");
    }

    [Fact]
    public void Parse_OverrideIntoScalar_Throws()
    {
        var act = () => ConfigLoader.Parse("model: x\n", "c.yaml", ["model.name=y"]);

        act.Should().Throw<ConfigException>().WithMessage("*'model' is a value, not a section*");
    }

    [Fact]
    public void Parse_BadYaml_ThrowsNamingFileAndLine()
    {
        var act = () => ConfigLoader.Parse("model: x\ntrainer: [1, 2\n", "bad.yaml");

        act.Should().Throw<ConfigException>().WithMessage("bad.yaml:*");
    }

    [Fact]
    public void ResolveOptimizers_PartialSettings_MergeOverModelDefaults()
    {
        var config = ConfigLoader.Load(Fixture);
        var modelDefaults = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 2e-4, Beta1 = 0.9, Beta2 = 0.99 };
        var specs = new[] { new OptimizerSpec("generator", [], modelDefaults), new OptimizerSpec("discriminator", [], modelDefaults) };

        var settings = config.ResolveOptimizers(specs);

        settings["generator"].Should().Be(modelDefaults with { LearningRate = 1e-3, Beta1 = 0.5 });
        settings["discriminator"].Should().Be(modelDefaults with { GradClipNorm = 5 });
    }

    [Theory]
    [InlineData("model: infogan\nmodel_options:\n  noise_dim: 8\n  generator_optimizer: {learning_rate: 1e-3}\n", "c.yaml:4: 'model_options.generator_optimizer' has moved: set optimizers.generator instead")]
    [InlineData("model: sit\nmodel_options:\n  speaker_optimizer: {learning_rate: 1e-3}\n", "c.yaml:3: 'model_options.speaker_optimizer' has moved: set optimizers.speaker instead")]
    [InlineData("model: dann-speech\nmodel_options:\n  optimizer: {kind: sgd}\n", "c.yaml:3: 'model_options.optimizer' has moved: set optimizers.main instead")]
    public void ResolveOptions_OptimizerInModelOptions_ThrowsNamingWhereItLivesNow(string yaml, string expected)
    {
        var config = ConfigLoader.Parse(yaml, "c.yaml");

        var act = () => ModelRegistry.Get(config.Model).ResolveOptions(config.ModelOptions);

        act.Should().Throw<ConfigException>().WithMessage(expected);
    }

    [Fact]
    public void ResolveOptimizers_FlatOnAnOptimizer_ThrowsNamingTheTrainerSwitch()
    {
        var config = ConfigLoader.Parse("model: m\noptimizers:\n  main:\n    flat: true\n", "c.yaml");

        var act = () => config.ResolveOptimizers([new OptimizerSpec("main", [], new OptimizerSettings())]);

        act.Should().Throw<ConfigException>().WithMessage("c.yaml:4: 'optimizers.main.flat' has moved: set trainer.flat_adam instead");
    }

    [Fact]
    public void Parse_ChoiceOutsideItsEnum_ListsTheChoices()
    {
        var act = () => ConfigLoader.Parse("model: x\ntrainer:\n  best_mode: up\n", "c.yaml", ["trainer.schedules.g.kind=exp"]);

        act.Should().Throw<ConfigException>()
            .WithMessage("*c.yaml:3: trainer.best_mode: 'up' is not one of min, max*")
            .WithMessage("*trainer.schedules.g.kind: 'exp' is not one of constant, step, cosine, linear, dann*");
    }

    [Fact]
    public void ResolveOptions_SeveralBadModelOptions_ReportsEachWithItsLine()
    {
        var config = ConfigLoader.Parse("model: infogan\nmodel_options:\n  noise_dim: 0\n  categories: 1\n", "c.yaml");

        var act = () => ModelRegistry.Get(config.Model).ResolveOptions(config.ModelOptions);

        act.Should().Throw<ConfigException>()
            .WithMessage("*c.yaml:3: model_options.noise_dim must be > 0 (got 0)*")
            .WithMessage("*c.yaml:4: model_options.categories must be >= 2 (got 1)*");
    }

    [Fact]
    public void ResolveOptimizers_NameTheModelLacks_Throws()
    {
        var config = ConfigLoader.Parse("model: m\noptimizers:\n  critic:\n    learning_rate: 1\n", "c.yaml");

        var act = () => config.ResolveOptimizers([new OptimizerSpec("main", [], new OptimizerSettings())]);

        act.Should().Throw<ConfigException>().WithMessage("*no optimizer 'critic'*main*");
    }

    [Fact]
    public void ToYamlThenParse_RoundTrip_GivesTheSameConfig()
    {
        var config = ConfigLoader.Load(Fixture, ["trainer.best_metric=acc"]) with { Run = new RunInfo { Seed = 3, GitCommit = "abc", CreatedUtc = "2026-01-01T00:00:00Z" } };

        string yaml = ExperimentConfig.ToYaml(config);
        var back = ConfigLoader.Parse(yaml, "config.yaml");

        ExperimentConfig.ToYaml(back).Should().Be(yaml);
        back.Trainer.Should().BeEquivalentTo(config.Trainer);
        back.Optimizers["generator"].Bind<OptimizerSettings>().LearningRate.Should().Be(1e-3);
        back.Run.Should().Be(config.Run);
        back.ModelOptions.Bind<GanOptions>().LatentDim.Should().Be(62);
    }

    [Fact]
    public void Write_IntoExperimentFolder_RecordsSeedAndCommit()
    {
        using var dir = new TestDirectory();
        var config = ConfigLoader.Load(Fixture);

        var written = ExperimentConfig.Write(dir.Path, config, repoDir: dir.Path);

        var back = ConfigLoader.Load(dir.Combine("config.yaml"));
        back.Run!.Seed.Should().Be(3);
        back.Run.GitCommit.Should().Be("unknown", "the temp folder is no git repository");
        back.Run.Should().Be(written.Run);
        Directory.GetFiles(dir.Path).Should().ContainSingle("the atomic write leaves no temp file behind");
    }

    [Fact]
    public void GitCommit_InsideThisRepository_IsAFortyCharHash()
    {
        string? repo = AppContext.BaseDirectory;
        while (repo is not null && !Directory.Exists(Path.Combine(repo, ".git")) && !File.Exists(Path.Combine(repo, ".git"))) repo = Path.GetDirectoryName(repo);
        if (repo is null) return; // built outside a checkout: nothing to compare against

        ExperimentConfig.GitCommit(repo).Should().MatchRegex("^[0-9a-f]{40}$");
    }
}
