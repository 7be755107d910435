using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.Tests.Core.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Common.Vocoder;

[Collection("torch")]
public class GriffinLimVocoderTests(ITestOutputHelper output)
{
    private static readonly MelSpec Spec = new()
    {
        SampleRate = 16000, NFft = 512, WinLength = 512, HopLength = 128, NMels = 64, FMin = 0, FMax = 8000,
    };

    /// <summary>0.5 s of a 220 Hz tone with 8 decaying harmonics and a slow vibrato.</summary>
    private static Tensor Harmonic(int samples)
    {
        var data = new float[samples];
        var phase = 0.0;
        for (var n = 0; n < samples; n++)
        {
            var f0 = 220.0 * (1 + (0.02 * Math.Sin(2 * Math.PI * 3 * n / Spec.SampleRate)));
            phase += 2 * Math.PI * f0 / Spec.SampleRate;
            double v = 0;
            for (var h = 1; h <= 8; h++) v += Math.Sin(h * phase) / h;
            data[n] = (float)(0.3 * v);
        }
        return tensor(data);
    }

    private static double SpectralConvergence(Tensor reference, Tensor estimate) =>
        (reference - estimate).norm().item<float>() / reference.norm().item<float>();

    private static double MelConvergenceAfter(int iterations, double power)
    {
        TorchTestSetup.Init();
        var spec = Spec with { Power = power };
        using var scope = NewDisposeScope();
        using var analysis = new TorchLogMel(spec);
        using var vocoder = new GriffinLimVocoder(spec, new GriffinLimOptions { Iterations = iterations, Seed = 1 });
        var audio = Harmonic(8000);
        var logMel = analysis.LogMel(audio);
        var rebuilt = vocoder.Synthesize(logMel);
        return SpectralConvergence(analysis.Mel(audio), analysis.Mel(rebuilt));
    }

    [Fact]
    public void Synthesize_HarmonicSignal_RealAudioOfFrameLength()
    {
        using var scope = NewDisposeScope();
        using var analysis = new TorchLogMel(Spec);
        using var vocoder = new GriffinLimVocoder(Spec, new GriffinLimOptions { Iterations = 4 });
        var logMel = analysis.LogMel(Harmonic(8000));
        var frames = logMel.shape[1];
        var audio = vocoder.Synthesize(logMel);
        audio.dtype.Should().Be(ScalarType.Float32);
        audio.shape.Should().Equal((frames - 1) * Spec.HopLength);
        audio.isfinite().all().item<bool>().Should().BeTrue();
        audio.abs().max().item<float>().Should().BeGreaterThan(0.05f);
    }

    // Spectral convergence of the mel energies the front end defines: magnitude mel (power 1) and power mel
    // (power 2, the project's presets; squaring roughly doubles relative errors).
    [Theory]
    [InlineData(1.0, 0.2)]
    [InlineData(2.0, 0.2)]
    public void Synthesize_HarmonicSignal_MelOfReconstructionConvergesToOriginal(double power, double bound)
    {
        var converged = MelConvergenceAfter(32, power);
        var randomPhase = MelConvergenceAfter(0, power);
        output.WriteLine($"power {power} mel spectral convergence: 32 iterations {converged:F4}, random phase {randomPhase:F4}");
        converged.Should().BeLessThan(bound, "32 fast Griffin-Lim iterations should rebuild the mel closely");
        converged.Should().BeLessThan(0.4 * randomPhase, $"random phase alone gives {randomPhase:F3}");
    }

    [Fact]
    public void Synthesize_Batch_MatchesOneByOne()
    {
        using var scope = NewDisposeScope();
        using var analysis = new TorchLogMel(Spec);
        using var vocoder = new GriffinLimVocoder(Spec, new GriffinLimOptions { Iterations = 3, RandomInit = false });
        var a = analysis.LogMel(Harmonic(4000));
        var b = analysis.LogMel(Harmonic(4000) * 0.5);
        var batch = vocoder.Synthesize(stack([a, b]));
        batch.shape.Should().Equal(2, (a.shape[1] - 1) * Spec.HopLength);
        // Items are independent, so they agree up to the rounding of batched kernels, which the iterations amplify
        // and which differs between CPUs (with AVX-512 kernels up to 8e-4 here). Any leak of item 0 (twice as loud)
        // into item 1 would show at the level of the signal itself.
        var single = vocoder.Synthesize(b);
        var peak = single.abs().max().item<float>();
        var difference = (batch[1] - single).abs().max().item<float>();
        output.WriteLine($"batched vs one by one: max difference {difference:G3}, peak {peak:G3}");
        difference.Should().BeLessThan(1e-2f * peak);
    }

    private static double MelConsistency(int nnlsIterations)
    {
        using var scope = NewDisposeScope();
        using var analysis = new TorchLogMel(Spec);
        using var vocoder = new GriffinLimVocoder(Spec, new GriffinLimOptions { NnlsIterations = nnlsIterations });
        var audio = Harmonic(4000);
        var magnitude = vocoder.LinearMagnitude(analysis.LogMel(audio));
        magnitude.min().item<float>().Should().BeGreaterThanOrEqualTo(0f);
        using var fb = MelFilterBank.BuildTensor(Spec);
        var melAgain = matmul(fb.t(), magnitude.pow(Spec.Power));
        return SpectralConvergence(analysis.Mel(audio), melAgain);
    }

    [Fact]
    public void LinearMagnitude_OfMelOfSpectrum_NonNegativeAndMelConsistent()
    {
        var refined = MelConsistency(nnlsIterations: 30);
        var clampedPinv = MelConsistency(nnlsIterations: 0);
        output.WriteLine($"mel consistency of the linear estimate: NNLS {refined:F4}, clamped pinv {clampedPinv:F4}");
        refined.Should().BeLessThan(0.05);
        refined.Should().BeLessThan(clampedPinv);
    }

    [Fact]
    public void Synthesize_WrongBandCount_ThrowsNamingLayout()
    {
        using var vocoder = new GriffinLimVocoder(Spec);
        using var bad = zeros(80, 10);
        var act = () => vocoder.Synthesize(bad);
        act.Should().Throw<ArgumentException>().WithMessage("*80 mel bands*channels-first*64*");
    }

    [Fact]
    public void Options_BadMomentumAndIterations_ReportsBoth()
    {
        var act = new GriffinLimOptions { Iterations = -1, Momentum = 1.0 }.Validate;
        act.Should().Throw<ArgumentException>().WithMessage("*iterations*momentum*");
    }
}
