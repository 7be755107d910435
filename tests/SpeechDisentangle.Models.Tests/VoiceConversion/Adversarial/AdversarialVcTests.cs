using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Tests.VoiceConversion.Common;
using SpeechDisentangle.Models.VoiceConversion.Adversarial;
using SpeechDisentangle.Models.VoiceConversion.Common;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.Adversarial;

/// <summary>Trains the adversarial VC model twice on synthetic voices (λ = 0 and λ > 0), once for all tests.</summary>
public sealed class AdversarialVcFixture : IDisposable
{
    public const int Steps = 200;

    public AdversarialVcFixture()
    {
        (Baseline, BaselineResult) = Train(lambda: 0.0);
        (Adversarial, AdversarialResult) = Train(lambda: 0.1);
    }

    public AdversarialVcObjective Baseline { get; }
    public TrainResult BaselineResult { get; }
    public AdversarialVcObjective Adversarial { get; }
    public TrainResult AdversarialResult { get; }

    public static AdversarialVcOptions Options(double lambda) => new()
    {
        NMels = SyntheticVoices.NMels,
        Speakers = SyntheticVoices.Speakers,
        Channels = 32,
        CodeChannels = 16,
        SpeakerEmbedding = 16,
        ResidualBlocks = 2,
        ClassifierChannels = 32,
        Lambda = lambda,
        LambdaRampFraction = 0.2,
    };

    /// <summary>Every optimizer of both stages: faster than the model's default, for short runs.</summary>
    public static OptimizerSettings Optimizer { get; } = new() { LearningRate = 1e-3, Beta1 = 0.5, Beta2 = 0.9 };

    private static (AdversarialVcObjective, TrainResult) Train(double lambda)
    {
        Trainer.SeedEverything(1);
        var objective = new AdversarialVcObjective(new AdversarialVcModel(Options(lambda)));
        return (objective, VcTraining.Fit(objective, Steps, dataSeed: 7, trainerSeed: 3, Optimizer));
    }

    public void Dispose()
    {
        Baseline.Model.Dispose();
        Adversarial.Model.Dispose();
    }
}

[Collection("torch")]
public class AdversarialVcTests(AdversarialVcFixture fixture, ITestOutputHelper output) : IClassFixture<AdversarialVcFixture>
{
    [Fact]
    public void Step_TrainedOnSyntheticVoices_ReconstructionLossFalls()
    {
        var (first, last) = VcTraining.FirstAndLast(fixture.AdversarialResult, "recon_l1");
        output.WriteLine($"recon L1 {first:F3} -> {last:F3}");
        last.Should().BeLessThan(0.5 * first, $"L1 went {first:F3} -> {last:F3}");
    }

    [Fact]
    public void Step_WithAdversarialLambda_SpeakerAccuracyOnCodeFallsTowardChance()
    {
        // Accuracy of each run's own speaker classifier on held-out segments, from the trainer's final validation.
        var baseline = fixture.BaselineResult.Valid!["clf_acc"];
        var adversarial = fixture.AdversarialResult.Valid!["clf_acc"];
        var chance = 1.0 / SyntheticVoices.Speakers;
        output.WriteLine($"held-out speaker accuracy on the code: lambda=0 {baseline:F3}, lambda=0.1 {adversarial:F3} (chance {chance})");
        baseline.Should().BeGreaterThan(0.7, "without the adversary the code keeps the speaker");
        adversarial.Should().BeLessThan(baseline - 0.3, $"adversary should hide the speaker (chance {chance})");
    }

    [Fact]
    public void Convert_ToOtherSpeaker_MovesSpectralTiltTowardTarget()
    {
        var voices = new SyntheticVoices(seed: 123);
        using var scope = NewDisposeScope();
        var source = voices.NextBatch(16, onlySpeaker: 0).Get(VcBatchKeys.Mel);
        var target = voices.NextBatch(16, onlySpeaker: 3).Get(VcBatchKeys.Mel);
        var converted = fixture.Adversarial.Model.Convert(source, targetSpeaker: 3);

        var sourceTilt = SyntheticVoices.MeasuredTilt(source);
        var targetTilt = SyntheticVoices.MeasuredTilt(target);
        var convertedTilt = SyntheticVoices.MeasuredTilt(converted);
        output.WriteLine($"tilts: source {sourceTilt:F3}, target {targetTilt:F3}, converted {convertedTilt:F3}");
        converted.shape.Should().Equal(source.shape);
        Math.Abs(convertedTilt - targetTilt).Should().BeLessThan(0.25 * Math.Abs(sourceTilt - targetTilt),
            $"tilts: source {sourceTilt:F2}, target {targetTilt:F2}, converted {convertedTilt:F2}");
    }

    [Fact]
    public void Convert_SingleUtterance_KeepsShape()
    {
        var voices = new SyntheticVoices(seed: 5);
        using var scope = NewDisposeScope();
        var one = voices.NextBatch(1).Get(VcBatchKeys.Mel).squeeze(0);
        fixture.Adversarial.Model.Convert(one, targetSpeaker: 1).shape.Should().Equal(one.shape);
    }

    [Fact]
    public void Convert_UnknownSpeaker_ThrowsNamingRange()
    {
        using var mel = zeros(SyntheticVoices.NMels, 8);
        var act = () => fixture.Adversarial.Model.Convert(mel, targetSpeaker: 9);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*0..3*");
    }

    [Fact]
    public void Step_MelWithWrongBandCount_ThrowsNamingKeyAndLayout()
    {
        using var scope = NewDisposeScope();
        var batch = new Batch { [VcBatchKeys.Mel] = zeros(2, 10, 8), [VcBatchKeys.Speaker] = zeros(2, dtype: ScalarType.Int64) };
        var act = () => fixture.Adversarial.Step(batch, "autoencoder", Stage.Train, new StepContext(0, 0, CPU, null));
        act.Should().Throw<ArgumentException>().WithMessage("*'mel'*channels-first*");
    }

    [Fact]
    public void Optimizers_TwoTurns_SplitEveryParameterOnce()
    {
        var specs = fixture.Adversarial.Optimizers.ToDictionary(o => o.Name);
        specs.Keys.Should().BeEquivalentTo(["classifier", "autoencoder"]);
        var classifier = specs["classifier"].Parameters.Select(p => p.Handle).ToHashSet();
        var autoencoder = specs["autoencoder"].Parameters.Select(p => p.Handle).ToHashSet();
        classifier.Overlaps(autoencoder).Should().BeFalse();
        (classifier.Count + autoencoder.Count).Should().Be(fixture.Adversarial.Module.parameters().Count());
    }

    [Fact]
    public void Options_SeveralProblems_ReportsAllAtOnce()
    {
        var options = new AdversarialVcOptions { Speakers = 1, KernelSize = 4, Lambda = -1, ContentWarp = 0.5 };
        var act = options.Validate;
        act.Should().Throw<ArgumentException>().WithMessage("*speakers*kernel_size*lambda*content_warp*");
    }

    [Fact]
    public void LambdaAt_DuringRamp_GrowsLinearly()
    {
        var options = new AdversarialVcOptions { Speakers = 2, Lambda = 0.01, LambdaRampFraction = 0.5 };
        options.LambdaAt(0).Should().Be(0);
        options.LambdaAt(0.25).Should().BeApproximately(0.005, 1e-12);
        options.LambdaAt(0.9).Should().Be(0.01);
    }
}
