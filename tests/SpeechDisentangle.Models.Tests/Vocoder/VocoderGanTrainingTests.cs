using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Tests.Core.Training;
using SpeechDisentangle.Models.Vocoder;
using SpeechDisentangle.Models.Vocoder.Discriminators;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Vocoder;

[Collection("torch")]
public class VocoderGanTrainingTests
{
    private static readonly VocosOptions Gan = new()
    {
        NMels = 20, Channels = 16, IntermediateChannels = 32, Blocks = 1, StftResolutions = [64, 128],
        Discriminator = VocoderDiscriminatorKind.MpdMrd, DiscriminatorChannels = 2, Periods = [2, 3], DiscriminatorResolutions = [64, 128],
    };

    private static Batch AsBatch(Dictionary<string, Tensor> tensors) => new()
    {
        [VocoderObjective.AudioKey] = tensors[VocoderObjective.AudioKey],
        [VocoderObjective.MelKey] = tensors[VocoderObjective.MelKey],
    };

    private static StepContext At(long step) => new(step, 0, CPU, null);

    [Fact]
    public void Objective_WithDiscriminator_HasADiscTurnFirstAndOptimizersThatSplitTheParameters()
    {
        using var scope = NewDisposeScope();
        using var model = new VocosModel(Gan);
        using var objective = new VocoderObjective(model);

        objective.Turns.Should().Equal(VocoderObjective.DiscriminatorTurn, VocoderObjective.MainTurn);
        var disc = objective.Optimizers.Single(o => o.Name == VocoderObjective.DiscriminatorTurn).Parameters;
        var main = objective.Optimizers.Single(o => o.Name == VocoderObjective.MainTurn).Parameters;
        disc.Should().NotBeEmpty();
        disc.Intersect(main, ReferenceEqualityComparer.Instance).Should().BeEmpty();
        var all = model.parameters().ToList();
        disc.Concat(main).Distinct(ReferenceEqualityComparer.Instance).Should().HaveCount(all.Count, "every parameter belongs to exactly one optimizer");
        all.Should().OnlyContain(p => disc.Contains(p, ReferenceEqualityComparer.Instance) || main.Contains(p, ReferenceEqualityComparer.Instance));
    }

    [Fact]
    public void DiscTurn_ReachesOnlyTheDiscriminators()
    {
        using var scope = NewDisposeScope();
        Trainer.SeedEverything(0);
        using var model = new VocosModel(Gan);
        using var objective = new VocoderObjective(model);

        objective.Step(AsBatch(VocoderTrainingTests.ToneBatch(model)), VocoderObjective.DiscriminatorTurn, Stage.Train, At(0)).Loss.backward();

        var discriminator = model.DiscriminatorParameters().ToList();
        foreach (var (name, p) in model.named_parameters())
        {
            // A score bias gets -1 from the real and +1 from the generated scores while all lie inside the hinge's
            // margin, which they do at initialisation: its gradient is exactly 0, so only weights are required here.
            if (discriminator.Contains(p, ReferenceEqualityComparer.Instance))
            {
                if (name.EndsWith("weight", StringComparison.Ordinal)) GradientSize(p).Should().BeGreaterThan(0, $"{name} must be reached by the disc turn");
            }
            else GradientSize(p).Should().Be(0, $"{name}: the generator's audio is made without gradients in the disc turn");
        }
    }

    [Fact]
    public void MainTurn_ReachesOnlyTheGenerator_AndLeavesTheDiscriminatorsTrainable()
    {
        using var scope = NewDisposeScope();
        Trainer.SeedEverything(0);
        using var model = new VocosModel(Gan);
        using var objective = new VocoderObjective(model);

        var output = objective.Step(AsBatch(VocoderTrainingTests.ToneBatch(model)), VocoderObjective.MainTurn, Stage.Train, At(0));
        output.Loss.backward();

        output.Stats["adversarial"].item<float>().Should().BeGreaterThan(0);
        output.Stats["loss"].item<float>().Should().BeLessThan(output.Loss.item<float>(), "the 'loss' statistic is the reconstruction part of the turn's loss");
        var discriminator = model.DiscriminatorParameters().ToList();
        foreach (var (name, p) in model.named_parameters())
        {
            if (discriminator.Contains(p, ReferenceEqualityComparer.Instance)) GradientSize(p).Should().Be(0, $"{name}: the main turn steps only the generator");
            else GradientSize(p).Should().BeGreaterThan(0, $"{name} must be reached by the loss");
        }
        model.DiscriminatorParameters().Should().OnlyContain(p => p.requires_grad, "the disc turn of the next step needs their gradients again");
    }

    [Fact]
    public void MainTurn_BeforeTheStartStep_IsTheLossWithoutDiscriminator()
    {
        using var scope = NewDisposeScope();
        Trainer.SeedEverything(3);
        using var plain = new VocosModel(Gan with { Discriminator = VocoderDiscriminatorKind.None });
        Trainer.SeedEverything(3);  // the generator is built first, so it gets the same initial weights
        using var gan = new VocosModel(Gan with { DiscriminatorStartStep = 5 });
        using var plainObjective = new VocoderObjective(plain);
        using var ganObjective = new VocoderObjective(gan);
        var batch = AsBatch(VocoderTrainingTests.ToneBatch(plain));

        var before = ganObjective.Step(batch, VocoderObjective.MainTurn, Stage.Train, At(4));
        var after = ganObjective.Step(batch, VocoderObjective.MainTurn, Stage.Train, At(5));
        var reference = plainObjective.Step(batch, VocoderObjective.MainTurn, Stage.Train, At(4));

        before.Loss.item<float>().Should().Be(reference.Loss.item<float>());
        before.Stats["adversarial"].item<float>().Should().Be(0);
        after.Stats["adversarial"].item<float>().Should().BeGreaterThan(0, "from the start step on the generator hears the discriminators");
    }

    [Fact]
    public void StopAndResume_GivesTheWeightsOfAStraightRun_DiscriminatorsIncluded()
    {
        using var dirA = new TestDirectory();
        using var dirB = new TestDirectory();
        var straight = Run(dirA.Path, stopAfter: null, resume: false);
        Run(dirB.Path, stopAfter: 2, resume: false);
        var resumed = Run(dirB.Path, stopAfter: null, resume: true);

        resumed.Keys.Should().Contain(k => k.Contains("discriminator", StringComparison.Ordinal));
        resumed.Keys.Should().BeEquivalentTo(straight.Keys);
        foreach (var (name, values) in straight) resumed[name].Should().Equal(values, $"{name} must match bit for bit");
    }

    /// <summary>4 GAN steps on a fixed batch (or up to <paramref name="stopAfter"/>); the state dict after.</summary>
    private static Dictionary<string, float[]> Run(string dir, long? stopAfter, bool resume)
    {
        Trainer.SeedEverything(resume ? 999 : 1);
        using var model = new VocosModel(Gan with { DiscriminatorStartStep = 1 });
        using var objective = new VocoderObjective(model);
        var tensors = VocoderTrainingTests.ToneBatch(model);
        try
        {
            using var source = new TensorBatchSource(tensors, batchSize: 2, shuffle: false);
            using var trainer = new Trainer(objective, new TrainerOptions { MaxSteps = 4, BatchSize = 2, LogEvery = 2, Seed = 5, Progress = false }, dir);
            trainer.Fit(source, resume: resume, stopAfter: stopAfter);
            return model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.data<float>().ToArray());
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    [Fact]
    public void Options_FromAConfigThatNamesNoDiscriminator_BuildTheGeneratorAlone()
    {
        var config = ConfigLoader.Parse("model: vocoder\nmodel_options:\n  n_mels: 20\n  channels: 8\n  intermediate_channels: 8\n  blocks: 1\n", "old.yaml");
        var options = config.ModelOptions.Bind<VocosOptions>();

        options.Discriminator.Should().Be(VocoderDiscriminatorKind.None);
        using var model = new VocosModel(options);
        model.Discriminator.Should().BeNull();
        model.DiscriminatorParameters().Should().BeEmpty();
        model.state_dict().Keys.Should().NotContain(k => k.Contains("discriminator", StringComparison.OrdinalIgnoreCase));
        using var objective = new VocoderObjective(model);
        objective.Turns.Should().Equal(VocoderObjective.MainTurn);
    }

    [Fact]
    public void Options_MpdMrdSpelledInYaml_Binds()
    {
        var config = ConfigLoader.Parse("model: vocoder\nmodel_options:\n  discriminator: mpd_mrd\n  periods: [2, 5]\n", "gan.yaml");
        var options = config.ModelOptions.Bind<VocosOptions>();
        options.Discriminator.Should().Be(VocoderDiscriminatorKind.MpdMrd);
        options.Periods.Should().Equal(2, 5);
    }

    [Fact]
    public void Options_BadDiscriminatorSettings_NameEachOption()
    {
        var errors = (Gan with { Periods = [], DiscriminatorResolutions = [8], DiscriminatorChannels = 0, AdversarialWeight = -1, DiscriminatorStartStep = -2 }).Errors();
        errors.Should().Contain(e => e.StartsWith("periods", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("discriminator_resolutions", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("discriminator_channels", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("adversarial_weight", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("discriminator_start_step", StringComparison.Ordinal));
    }

    [Fact]
    public void SegmentShorterThanHalfTheLargestDiscriminatorFft_NamesTheOptionAndTheWayOut()
    {
        var data = new VocoderDataOptions { SegmentFrames = 10 };  // 9 hops of 160 = 1440 samples
        var act = () => VocoderTask.CheckSegmentCoversStftLoss(Gan with { DiscriminatorResolutions = [512, 4096] }, data, VocosModel.SpecFor(20));
        act.Should().Throw<ConfigException>().WithMessage("*model_options.discriminator_resolutions*4096*1440*raise data.segment_frames*");
    }

    private static double GradientSize(Parameter p) => p.grad is null ? 0 : p.grad.abs().sum().item<float>();
}
