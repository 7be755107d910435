using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Tests.Core.Training;
using SpeechDisentangle.Models.Tests.VoiceConversion.Common;
using SpeechDisentangle.Models.VoiceConversion.AdaIn;
using SpeechDisentangle.Models.VoiceConversion.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.AdaIn;

/// <summary>AdaIN-VC's optional adversarial and feature-matching term (<see cref="AdaInVcOptions.AdversarialWeight"/>).</summary>
[Collection("torch")]
public class AdaInVcAdversarialTests
{
    public AdaInVcAdversarialTests() => TorchTestSetup.Init();

    private static AdaInVcOptions Adversarial(long startStep = 0) =>
        AdaInVcFixture.Options() with { AdversarialWeight = 1, FeatureMatchingWeight = 2, DiscriminatorChannels = 8, AdversarialStartStep = startStep };

    private static StepContext Context(long step, ulong seed) => new(step, 0.5, CPU, new Generator(seed, CPU));

    [Theory]
    [InlineData(80, 64, 10, 16)]
    [InlineData(16, 13, 2, 4)]
    public void Discriminator_PatchScoresAndFeatures_HaveTheDocumentedShapes(int bands, int frames, int scoreBands, int scoreFrames)
    {
        using var scope = NewDisposeScope();
        using var discriminator = new MelPatchDiscriminator(channels: 8);
        var (scores, features) = discriminator.call(randn(3, bands, frames));

        scores.shape.Should().Equal(3, 1, scoreBands, scoreFrames);
        features.Select(f => f.shape[1]).Should().Equal(8, 8, 16, 16);
        features[0].shape.Should().Equal(3, 8, bands, frames);
        features[^1].shape.Should().Equal(3, 16, scoreBands, scoreFrames);
    }

    [Fact]
    public void WeightZero_NoDiscriminatorOneTurnAndTheMainOptimizerHoldsEveryParameter()
    {
        using var model = new AdaInVcModel(AdaInVcFixture.Options());
        var objective = new AdaInVcObjective(model);

        objective.Turns.Should().Equal("main");
        model.DiscriminatorParameters().Should().BeEmpty();
        model.state_dict().Keys.Should().NotContain(k => k.Contains("discriminator", StringComparison.OrdinalIgnoreCase));
        objective.Optimizers.Should().ContainSingle().Which.Parameters.Select(p => p.Handle)
            .Should().Equal(model.parameters().Select(p => p.Handle), "the same parameters in the same order as a model built without the option");
        var act = () => model.Discriminate(zeros(1, SyntheticVoices.NMels, 8));
        act.Should().Throw<InvalidOperationException>().WithMessage("*model_options.adversarial_weight*");
    }

    [Fact]
    public void WeightSet_MainOptimizerHoldsTheConverterAndTheDiscriminatorOptimizerTheRest()
    {
        using var model = new AdaInVcModel(Adversarial());
        var objective = new AdaInVcObjective(model);

        objective.Turns.Should().Equal("main", "discriminator");
        var main = objective.Optimizers.Single(o => o.Name == "main").Parameters.Select(p => p.Handle).ToHashSet();
        var discriminator = objective.Optimizers.Single(o => o.Name == "discriminator").Parameters.Select(p => p.Handle).ToHashSet();
        discriminator.Should().NotBeEmpty().And.BeEquivalentTo(model.DiscriminatorParameters().Select(p => p.Handle));
        main.Overlaps(discriminator).Should().BeFalse();
        main.Union(discriminator).Should().BeEquivalentTo(model.parameters().Select(p => p.Handle));
    }

    [Fact]
    public void WeightZero_ValidLoss_IsReconstructionPlusKlAsWithoutTheOption()
    {
        using var scope = NewDisposeScope();
        Trainer.SeedEverything(3);
        using var model = new AdaInVcModel(AdaInVcFixture.Options());
        var batch = new SyntheticVoices(seed: 5).NextBatch(4);
        var mel = batch.Get(VcBatchKeys.Mel);
        using var _ = no_grad();

        var output = new AdaInVcObjective(model).Step(batch, "main", Stage.Valid, Context(0, 1));

        var (mean, logVariance) = model.EncodeContent(mel);
        var reconstruction = model.Decode(mean, model.EncodeSpeaker(batch.Get(VcBatchKeys.ReferenceMel)), mel.shape[2]);
        var kl = ((mean.square() + logVariance.exp() - 1.0 - logVariance) * 0.5).mean().item<float>();
        var expected = (model.Options.ReconWeight * nn.functional.l1_loss(reconstruction, mel).item<float>()) + (model.Options.LambdaKlAt(0.5) * kl);
        output.Loss.item<float>().Should().BeApproximately((float)expected, 1e-5f * (float)Math.Abs(expected));
        output.Stats.Keys.Should().NotContain(["adversarial", "feature_matching"]);
    }

    /// <summary>Same converter weights and the same generator: before its start step the term changes nothing (it
    /// draws no random numbers either), from it on the loss grows by exactly the weighted terms it reports.</summary>
    [Fact]
    public void TrainLoss_BeforeStartStepEqualsWeightZero_AfterItAddsTheWeightedTerms()
    {
        using var scope = NewDisposeScope();
        Trainer.SeedEverything(3);
        using var plain = new AdaInVcModel(AdaInVcFixture.Options());
        using var withTerm = new AdaInVcModel(Adversarial(startStep: 10));
        var target = withTerm.state_dict();
        using (no_grad())
            foreach (var (key, value) in plain.state_dict()) target[key].copy_(value);
        var batch = new SyntheticVoices(seed: 6).NextBatch(4);
        float Loss(AdaInVcModel m, long step, out IReadOnlyDictionary<string, Tensor> stats)
        {
            var output = new AdaInVcObjective(m).Step(batch, "main", Stage.Train, Context(step, 9));
            stats = output.Stats;
            return output.Loss.item<float>();
        }

        var before = Loss(withTerm, 9, out var beforeStats);
        var reference = Loss(plain, 9, out _);
        var after = Loss(withTerm, 10, out var stats);

        before.Should().Be(reference);
        beforeStats.Keys.Should().NotContain("adversarial");
        var terms = stats["adversarial"].item<float>() + (2 * stats["feature_matching"].item<float>());
        terms.Should().BePositive();
        after.Should().BeApproximately(reference + terms, 1e-5f * (reference + terms));
        stats["loss"].item<float>().Should().BeApproximately(reference, 1e-5f * reference, "best.ckpt is chosen by the converter's own objective");
    }

    [Fact]
    public void DiscriminatorTurn_GradientsReachOnlyTheDiscriminator_WithOrWithoutThePrecedingMainTurn()
    {
        using var scope = NewDisposeScope();
        Trainer.SeedEverything(4);
        using var model = new AdaInVcModel(Adversarial());
        var objective = new AdaInVcObjective(model);
        var batch = new SyntheticVoices(seed: 7).NextBatch(4);

        void ZeroGrads() { foreach (var p in model.parameters()) p.grad?.zero_(); }
        bool AnyGrad(IEnumerable<TorchSharp.Modules.Parameter> ps) => ps.Any(p => p.grad is not null && p.grad.abs().max().item<float>() > 0);

        objective.Step(batch, "main", Stage.Train, Context(0, 2));
        ZeroGrads();
        objective.Step(batch, "discriminator", Stage.Train, Context(0, 2)).Loss.backward();
        AnyGrad(model.ConverterParameters()).Should().BeFalse("the discriminator turn judges the reconstruction detached");
        AnyGrad(model.DiscriminatorParameters()).Should().BeTrue();

        ZeroGrads();
        objective.Step(batch, "discriminator", Stage.Train, Context(1, 3)).Loss.backward();
        AnyGrad(model.ConverterParameters()).Should().BeFalse("reconstructed again without gradients when run alone");
        AnyGrad(model.DiscriminatorParameters()).Should().BeTrue();

        ZeroGrads();
        objective.Step(batch, "main", Stage.Train, Context(2, 4)).Loss.backward();
        AnyGrad(model.ConverterParameters()).Should().BeTrue("reconstruction and the adversarial terms train the converter");
        AnyGrad(model.DiscriminatorParameters()).Should().BeFalse("the main turn judges with the discriminator's weights frozen");
    }

    [Fact]
    public void Checkpoint_RoundTrip_CarriesTheDiscriminator_AndAnOldCheckpointInitialisesTheConverter()
    {
        using var dir = new TestDirectory();
        using var scope = NewDisposeScope();
        Trainer.SeedEverything(5);
        using var trained = new AdaInVcModel(Adversarial());
        using var old = new AdaInVcModel(AdaInVcFixture.Options());
        string path = dir.Combine("adversarial.ckpt"), oldPath = dir.Combine("old.ckpt");
        var noOptimizers = new Dictionary<string, TorchSharp.Modules.OptimizerHelper>();
        Checkpoint.Save(path, trained, noOptimizers, new TrainerState(1, null, -1, 0), null);
        Checkpoint.Save(oldPath, old, noOptimizers, new TrainerState(1, null, -1, 0), null);

        Trainer.SeedEverything(6);
        using var loaded = new AdaInVcModel(Adversarial());
        Checkpoint.LoadModel(path, loaded);
        var expected = trained.state_dict();
        expected.Keys.Should().Contain(k => k.Contains("discriminator", StringComparison.OrdinalIgnoreCase));
        foreach (var (key, value) in loaded.state_dict())
            value.allclose(expected[key], rtol: 0, atol: 0).Should().BeTrue($"'{key}' comes from the checkpoint");

        using var oldLoaded = new AdaInVcModel(AdaInVcFixture.Options());
        Checkpoint.LoadModel(oldPath, oldLoaded);
        using var upgraded = new AdaInVcModel(Adversarial());
        var report = Checkpoint.InitializeFrom(oldPath, upgraded);
        report.Copied.Should().BeEquivalentTo(old.state_dict().Keys);
        report.Kept.Should().NotBeEmpty().And.OnlyContain(k => k.Contains("discriminator", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void OldConfig_WithoutTheKeys_BindsWithTheTermOff()
    {
        const string yaml = """
            model: vc-adain
            model_options:
              n_mels: 80
              channels: 64
              content_downsample: 4
              speaker_contrast_weight: 3
            """;
        var options = ConfigLoader.Parse(yaml, "old-config.yaml").ModelOptions.Bind<AdaInVcOptions>();

        options.AdversarialWeight.Should().Be(0);
        options.Adversarial.Should().BeFalse();
        options.Channels.Should().Be(64);
    }

    [Fact]
    public void Options_BadAdversarialSettings_ReportsEachByItsKey()
    {
        var act = new AdaInVcOptions { AdversarialWeight = -1, FeatureMatchingWeight = -0.5, DiscriminatorChannels = 0, AdversarialStartStep = -3 }.Validate;
        act.Should().Throw<ArgumentException>().WithMessage("*adversarial_weight*feature_matching_weight*discriminator_channels*adversarial_start_step*");
    }
}
