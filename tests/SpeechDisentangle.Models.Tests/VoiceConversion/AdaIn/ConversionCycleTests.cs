using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Tests.Core.Training;
using SpeechDisentangle.Models.Tests.VoiceConversion.Common;
using SpeechDisentangle.Models.VoiceConversion.AdaIn;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.AdaIn;

[Collection("torch")]
public class ConversionCycleTests
{
    private readonly ITestOutputHelper _output;

    public ConversionCycleTests(ITestOutputHelper output)
    {
        TorchTestSetup.Init();
        _output = output;
    }

    private static AdaInVcOptions CycleOptions() => AdaInVcFixture.Options() with
    {
        SpeakerPoolStd = true,
        CycleSpeakerWeight = 1,
        CycleContentWeight = 1,
    };

    [Fact]
    public void Fit_WithCycleWeights_SpeakerReadBackErrorFallsAndReconstructionStillLearns()
    {
        Trainer.SeedEverything(3);
        using var model = new AdaInVcModel(CycleOptions());
        var result = VcTraining.Fit(new AdaInVcObjective(model), steps: 60, dataSeed: 12, trainerSeed: 5, AdaInVcFixture.Optimizer);

        var (speakerFirst, speakerLast) = VcTraining.FirstAndLast(result, "cycle_speaker");
        var (reconFirst, reconLast) = VcTraining.FirstAndLast(result, "recon_l1");
        _output.WriteLine($"cycle_speaker {speakerFirst:F3} -> {speakerLast:F3}, recon L1 {reconFirst:F3} -> {reconLast:F3}");
        speakerLast.Should().BeLessThan(0.5 * speakerFirst, "the speaker encoder should learn to read the given voice back");
        reconLast.Should().BeLessThan(0.7 * reconFirst, "the cycle must not stop the model from reconstructing");
    }

    [Fact]
    public void Losses_BatchOfOne_ThrowsNamingTheBatchSize()
    {
        using var model = new AdaInVcModel(CycleOptions());
        using var scope = NewDisposeScope();
        var mel = randn(1, SyntheticVoices.NMels, 16);
        var (mean, _) = model.EncodeContent(mel);
        var act = () => ConversionCycle.Losses(model, mean, mean, model.EncodeSpeaker(mel), null);
        act.Should().Throw<ArgumentException>().WithMessage("*at least 2*got 1*");
    }

    [Fact]
    public void RelativeError_ExactMeanGuessAndRescaled_ZeroOneAndUnchanged()
    {
        using var scope = NewDisposeScope();
        var target = randn(6, 4, generator: new Generator(8, CPU));
        var estimate = target + (0.3 * randn(6, 4, generator: new Generator(9, CPU)));
        var guessMean = target.mean([0], keepdim: true).expand(6, 4);

        ConversionCycle.RelativeError(target, target).item<float>().Should().BeApproximately(0f, 1e-6f);
        ConversionCycle.RelativeError(guessMean, target).item<float>().Should().BeApproximately(1f, 1e-5f);
        var error = ConversionCycle.RelativeError(estimate, target).item<float>();
        // Shrinking (or shifting) every embedding alike must not make the error smaller.
        ConversionCycle.RelativeError((estimate * 0.01) + 5, (target * 0.01) + 5).item<float>().Should().BeApproximately(error, 1e-3f * error);
    }

    [Fact]
    public void EncodeSpeaker_PoolStdWithOneFrameReference_IsFinite()
    {
        using var model = new AdaInVcModel(CycleOptions());
        using var scope = NewDisposeScope();
        var embedding = model.EncodeSpeaker(randn(2, SyntheticVoices.NMels, 1));
        embedding.shape.Should().Equal(2, CycleOptions().SpeakerEmbedding);
        embedding.isfinite().all().item<bool>().Should().BeTrue();
    }
}
