using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.Vocoder;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Vocoder;

[Collection("torch")]
public class VocosModelTests
{
    private static readonly VocosOptions Tiny = new() { NMels = 20, Channels = 16, IntermediateChannels = 32, Blocks = 2, StftResolutions = [64, 128] };

    [Theory]
    [InlineData(2)]
    [InlineData(37)]
    public void Forward_LogMelOfTFrames_GivesTMinusOneHopsOfAudioPerItem(int frames)
    {
        using var model = new VocosModel(Tiny);
        using var mel = randn(3, 20, frames) - 10;
        using var audio = model.call(mel);
        audio.shape.Should().Equal(3, (frames - 1) * model.Spec.HopLength);
    }

    [Fact]
    public void NeuralVocoder_ChannelsFirstLogMelWithoutBatch_GivesOneWaveform()
    {
        using var vocoder = new NeuralVocoder(new VocosModel(Tiny));
        using var mel = randn(20, 12) - 10;
        using var audio = vocoder.Synthesize(mel);
        audio.shape.Should().Equal(11 * vocoder.Spec.HopLength);
        audio.dtype.Should().Be(ScalarType.Float32);
    }

    [Fact]
    public void NeuralVocoder_WrongBandCount_SaysWhatItExpects()
    {
        using var vocoder = new NeuralVocoder(new VocosModel(Tiny));
        using var mel = randn(80, 12);
        var act = () => vocoder.Synthesize(mel);
        act.Should().Throw<ArgumentException>().WithMessage("*[20, T]*");
    }

    [Fact]
    public void SpecFor_IsTheVcFrontEndsMel()
    {
        using var frontEnd = new SpeechDisentangle.Models.VoiceConversion.Conversion.VcFrontEnd(80);
        VocosModel.SpecFor(80).Should().Be(frontEnd.GriffinLim.Spec);
    }

    [Fact]
    public void Options_EvenKernelAndNoLoss_ReportsBoth()
    {
        var errors = (Tiny with { KernelSize = 4, MelWeight = 0, StftWeight = 0 }).Errors();
        errors.Should().Contain(e => e.StartsWith("kernel_size", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("nothing to train on", StringComparison.Ordinal));
    }
    [Fact]
    public void MagnitudeResidual_Untrained_PredictsTheMelsOwnInversion()
    {
        using var model = new VocosModel(Tiny with { MagnitudeResidual = true });
        using var inversion = new MelInversion(model.Spec);
        using var mel = randn(2, 20, 9) - 8;
        var (logMagnitude, phase) = model.Spectrum(mel);
        using (logMagnitude)
        using (phase)
        using (var expected = inversion.LinearMagnitude(mel, nnlsIterations: 30).clamp_min(1e-5).log())
        {
            logMagnitude.shape.Should().Equal(2, model.Spec.FrequencyBins, 9);
            (logMagnitude - expected).abs().max().item<float>().Should().BeLessThan(1e-4f);
        }
    }

    [Fact]
    public void MagnitudeResidual_Trains_TheCorrectionMovesTowardsItsTarget()
    {
        SpeechDisentangle.Models.Core.Training.Trainer.SeedEverything(0);
        using var model = new VocosModel(Tiny with { MagnitudeResidual = true });
        using var inversion = new MelInversion(model.Spec);
        using var mel = randn(2, 20, 9) - 8;
        using var prior = inversion.LinearMagnitude(mel, nnlsIterations: 30).clamp_min(1e-5).log();
        using var optimizer = optim.Adam(model.GeneratorParameters(), 0.05);

        double Distance()
        {
            using var _ = no_grad();
            var (logMagnitude, phase) = model.Spectrum(mel);
            using (logMagnitude)
            using (phase)
                return (logMagnitude - prior - 1.0).pow(2).mean().item<float>();
        }

        double before = Distance();
        for (int step = 0; step < 20; step++)
        {
            optimizer.zero_grad();
            var (logMagnitude, phase) = model.Spectrum(mel);
            using (logMagnitude)
            using (phase)
            using (var loss = (logMagnitude - prior - 1.0).pow(2).mean())
                loss.backward();
            optimizer.step();
        }

        before.Should().BeApproximately(1.0, 1e-3, "the correction starts at zero");
        Distance().Should().BeLessThan(0.5 * before);
    }

    [Fact]
    public void Synthesize_WithoutRefinement_IsForwardExactly()
    {
        using var model = new VocosModel(Tiny);
        using var mel = randn(1, 20, 14) - 8;
        using var synthesized = model.Synthesize(mel);
        using var forward = model.call(mel);
        (synthesized - forward).abs().max().item<float>().Should().Be(0f, "without refinement Synthesize is forward");
    }

    [Fact]
    public void Synthesize_WithRefinementOnTwoFrames_GivesTheNetworksAudio()
    {
        using var model = new VocosModel(Tiny with { PhaseRefinementIterations = 4 });
        using var mel = randn(1, 20, 2) - 8;
        using var audio = model.Synthesize(mel);
        using var forward = model.call(mel);
        audio.shape.Should().Equal(1, model.Spec.HopLength);
        (audio - forward).abs().max().item<float>().Should().Be(0f);
    }

    [Fact]
    public void Synthesize_WithPhaseRefinement_KeepsTheLengthAndBringsTheOutputsMelToTheInput()
    {
        SpeechDisentangle.Models.Core.Training.Trainer.SeedEverything(0);
        var options = Tiny with { NMels = 80 };
        using var plain = new VocosModel(options);
        using var refined = new VocosModel(options with { PhaseRefinementIterations = 16 });
        refined.load_state_dict(plain.state_dict());
        var tensors = VocoderTrainingTests.ToneBatch(plain);
        using var logMel = new TorchLogMel(plain.Spec);
        try
        {
            var mel = tensors[VocoderObjective.MelKey];
            double MelError(VocosModel model)
            {
                using var audio = model.Synthesize(mel);
                audio.shape.Should().Equal(tensors[VocoderObjective.AudioKey].shape);
                using var rebuilt = logMel.LogMel(audio);
                return (rebuilt - mel).abs().mean().item<float>();
            }

            MelError(refined).Should().BeLessThan(0.5 * MelError(plain));
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    [Fact]
    public void Options_NegativeRefinementAndNnlsIterations_ReportsEach()
    {
        var errors = (Tiny with { PhaseRefinementIterations = -1, MagnitudeResidualNnlsIterations = -2, PhaseRefinementNnlsIterations = -3 }).Errors();
        errors.Should().Contain(e => e.StartsWith("phase_refinement_iterations", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("phase_refinement_nnls_iterations", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("magnitude_residual_nnls_iterations", StringComparison.Ordinal));
    }
}
