using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Tests.VoiceConversion.Common;
using SpeechDisentangle.Models.VoiceConversion.AdaIn;
using SpeechDisentangle.Models.VoiceConversion.Common;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.AdaIn;

/// <summary>Trains AdaIN-VC once on synthetic voices for all tests.</summary>
public sealed class AdaInVcFixture : IDisposable
{
    public const int Steps = 200;

    public AdaInVcFixture()
    {
        Trainer.SeedEverything(2);
        Objective = new AdaInVcObjective(new AdaInVcModel(Options()));
        Result = VcTraining.Fit(Objective, Steps, dataSeed: 11, trainerSeed: 4, Optimizer);
    }

    public AdaInVcObjective Objective { get; }
    public TrainResult Result { get; }

    public static AdaInVcOptions Options() => new()
    {
        NMels = SyntheticVoices.NMels,
        Channels = 32,
        ContentChannels = 16,
        SpeakerEmbedding = 16,
        Blocks = 2,
        LambdaKl = 0.1,
        KlRampFraction = 0.2,
    };

    /// <summary>Faster than the model's default, for short runs.</summary>
    public static OptimizerSettings Optimizer { get; } = new() { LearningRate = 1e-3, Beta1 = 0.9, Beta2 = 0.99, GradClipNorm = 5 };

    public void Dispose() => Objective.Model.Dispose();
}

[Collection("torch")]
public class AdaInVcTests(AdaInVcFixture fixture, ITestOutputHelper output) : IClassFixture<AdaInVcFixture>
{
    [Fact]
    public void Step_TrainedOnSyntheticVoices_ReconstructionLossFalls()
    {
        var (first, last) = VcTraining.FirstAndLast(fixture.Result, "recon_l1");
        output.WriteLine($"recon L1 {first:F3} -> {last:F3}");
        last.Should().BeLessThan(0.5 * first, $"L1 went {first:F3} -> {last:F3}");
    }

    [Fact]
    public void EncodeContent_AnyInput_PerChannelZeroMeanUnitVariance()
    {
        var voices = new SyntheticVoices(seed: 21);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (mean, _) = fixture.Objective.Model.EncodeContent(voices.NextBatch(8).Get(VcBatchKeys.Mel));
        var channelMeans = mean.mean([-1]);
        var channelVars = mean.var(-1, unbiased: false);
        channelMeans.abs().max().item<float>().Should().BeLessThan(1e-4f);
        (channelVars - 1).abs().max().item<float>().Should().BeLessThan(1e-2f);
    }

    [Fact]
    public void Convert_WithOtherSpeakersReference_MovesSpectralTiltTowardReference()
    {
        var voices = new SyntheticVoices(seed: 31);
        using var scope = NewDisposeScope();
        var source = voices.NextBatch(16, onlySpeaker: 0).Get(VcBatchKeys.Mel);
        var reference = voices.NextBatch(16, onlySpeaker: 3).Get(VcBatchKeys.Mel);
        var converted = fixture.Objective.Model.Convert(source, reference);

        var sourceTilt = SyntheticVoices.MeasuredTilt(source);
        var targetTilt = SyntheticVoices.MeasuredTilt(reference);
        var convertedTilt = SyntheticVoices.MeasuredTilt(converted);
        output.WriteLine($"tilts: source {sourceTilt:F3}, target {targetTilt:F3}, converted {convertedTilt:F3}");
        converted.shape.Should().Equal(source.shape);
        Math.Abs(convertedTilt - targetTilt).Should().BeLessThan(0.25 * Math.Abs(sourceTilt - targetTilt),
            $"tilts: source {sourceTilt:F2}, reference {targetTilt:F2}, converted {convertedTilt:F2}");
    }

    [Fact]
    public void Convert_SingleUtteranceWithLongerReference_KeepsSourceShape()
    {
        using var scope = NewDisposeScope();
        var source = randn(SyntheticVoices.NMels, 20);
        var reference = randn(SyntheticVoices.NMels, 50);
        fixture.Objective.Model.Convert(source, reference).shape.Should().Equal(source.shape);
    }

    [Fact]
    public void AdaptSpeaker_OnTheReference_LowersItsReconstructionErrorAndLeavesWeightsUntouched()
    {
        var model = fixture.Objective.Model;
        var voices = new SyntheticVoices(seed: 41);
        using var scope = NewDisposeScope();
        var reference = voices.NextBatch(4, onlySpeaker: 2).Get(VcBatchKeys.Mel);
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        model.zero_grad(); // training left its last gradients
        Tensor start;
        using (no_grad()) start = model.EncodeSpeaker(reference);

        var adapted = model.AdaptSpeaker(reference, start, steps: 30, learningRate: 0.02);

        double Error(Tensor e)
        {
            using var _ = no_grad();
            return nn.functional.l1_loss(model.Decode(model.EncodeContent(reference).Mean, e, reference.shape[2]), reference).item<float>();
        }
        output.WriteLine($"reference L1: encoder embedding {Error(start):F4}, adapted {Error(adapted):F4}");
        Error(adapted).Should().BeLessThan(Error(start));
        adapted.requires_grad.Should().BeFalse();
        foreach (var p in model.parameters())
        {
            p.requires_grad.Should().BeTrue("adaptation restores the weights' requires_grad");
            if (p.grad is not null) p.grad.abs().max().item<float>().Should().Be(0, "the weights collect no gradient");
        }
        foreach (var (name, value) in model.state_dict())
            value.eq(before[name]).all().item<bool>().Should().BeTrue($"'{name}' must not change");
    }

    [Fact]
    public void EncodeSpeaker_Sphere_EveryEmbeddingHasLengthRootEAndStillTrains()
    {
        using var model = new AdaInVcModel(AdaInVcFixture.Options() with { SpeakerEmbeddingSphere = true });
        using var scope = NewDisposeScope();
        var embedding = model.EncodeSpeaker(randn(5, SyntheticVoices.NMels, 30) * 3);
        var lengths = embedding.norm(1).data<float>().ToArray();
        lengths.Should().OnlyContain(l => Math.Abs(l - MathF.Sqrt(16)) < 1e-4, $"lengths {string.Join(", ", lengths)}");
        embedding.sum().backward();
        var moved = model.parameters().Count(p => p.grad is { } g && g.abs().max().item<float>() > 0);
        moved.Should().BePositive("the speaker encoder still gets gradients");
    }

    [Fact]
    public void VoiceWarpFactors_HalfProbability_LeavesAboutHalfUnwarpedAndTheRestInRange()
    {
        using var scope = NewDisposeScope();
        var options = AdaInVcFixture.Options() with { VoiceWarp = 0.1, VoiceWarpProbability = 0.5 };

        var factors = AdaInVcObjective.VoiceWarpFactors(2000, options, CPU, new Generator(3, CPU));

        double unwarped = factors.eq(1).to(ScalarType.Float32).mean().item<float>();
        unwarped.Should().BeInRange(0.45, 0.55);
        factors.min().item<float>().Should().BeGreaterThanOrEqualTo(0.9f);
        factors.max().item<float>().Should().BeLessThanOrEqualTo(1.1f);
        var all = AdaInVcObjective.VoiceWarpFactors(2000, options with { VoiceWarpProbability = 1 }, CPU, new Generator(3, CPU));
        all.eq(1).any().item<bool>().Should().BeFalse("with probability 1 every example gets its own random factor");
        AdaInVcObjective.VoiceWarpFactors(50, options with { VoiceWarpProbability = 0 }, CPU, new Generator(3, CPU))
            .eq(1).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void Step_ValidStage_UsesCodeMeanSoRepeats()
    {
        var voices = new SyntheticVoices(seed: 41);
        using var scope = NewDisposeScope();
        var batch = voices.NextBatch(4);
        using var _ = no_grad();
        var context = new StepContext(0, 1, CPU, new Generator(5, CPU));
        var a = fixture.Objective.Step(batch, "main", Stage.Valid, context).Loss.item<float>();
        var b = fixture.Objective.Step(batch, "main", Stage.Valid, context).Loss.item<float>();
        a.Should().Be(b);
    }

    [Fact]
    public void Step_WithoutReferenceMel_UsesMelForSpeakerAndGivesGradients()
    {
        var voices = new SyntheticVoices(seed: 51);
        using var scope = NewDisposeScope();
        var full = voices.NextBatch(4);
        var batch = new Batch { [VcBatchKeys.Mel] = full.Get(VcBatchKeys.Mel) };
        var output = fixture.Objective.Step(batch, "main", Stage.Train, new StepContext(0, 0.5, CPU, new Generator(6, CPU)));
        output.Loss.requires_grad.Should().BeTrue();
        float.IsFinite(output.Loss.item<float>()).Should().BeTrue();
        output.Stats.Keys.Should().Contain(["recon_l1", "kl", "lambda_kl"]);
    }

    [Fact]
    public void Step_UnknownTurn_ThrowsNamingTurns()
    {
        using var scope = NewDisposeScope();
        var batch = new Batch { [VcBatchKeys.Mel] = zeros(1, SyntheticVoices.NMels, 8) };
        var act = () => fixture.Objective.Step(batch, "generator", Stage.Train, new StepContext(0, 0, CPU, null));
        act.Should().Throw<ArgumentException>().WithMessage("*'generator'*main*");
    }

    [Fact]
    public void Options_SeveralProblems_ReportsAllAtOnce()
    {
        var act = new AdaInVcOptions { NMels = 0, ContentWarp = 0.7, VoicePerturbation = new() { Pitch = 0.6 }, VoiceWarp = -0.1, SpeakerAdaptSteps = -1, ReconWeight = 0, KlRampFraction = 2 }.Validate;
        act.Should().Throw<ArgumentException>().WithMessage("*n_mels*content_warp*voice_perturbation.pitch*voice_warp*speaker_adapt_steps*recon_weight*kl_ramp_fraction*");
    }
}
