using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.Tests.Vocoder;
using SpeechDisentangle.Models.Vocoder;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Common.Vocoder;

[Collection("torch")]
public class FastGriffinLimTests
{
    private static readonly MelSpec Spec = VocosModel.SpecFor(80);

    private static Tensor Spectrum(Tensor audio, Tensor window) =>
        stft(audio, Spec.NFft, Spec.HopLength, Spec.WinLength, window, center: true,
            pad_mode: TorchSharp.PaddingModes.Reflect, onesided: true, return_complex: true);

    [Fact]
    public void Synthesize_TruePhaseOfASignal_IsAFixedPoint()
    {
        int frames = 31;
        using var window = hann_window(Spec.WinLength, periodic: true);
        using var audio = tensor(TinyWavData.Tone(180, 1.0, (frames - 1) * 0.01)).unsqueeze(0);
        using var spectrum = Spectrum(audio, window);
        using var magnitude = spectrum.abs();
        using var angles = spectrum / (magnitude + 1e-16);

        using var none = FastGriffinLim.Synthesize(magnitude, angles, Spec, window, iterations: 0, momentum: 0.99);
        using var some = FastGriffinLim.Synthesize(magnitude, angles, Spec, window, iterations: 8, momentum: 0.99);

        double scale = audio.abs().max().item<float>();
        none.shape.Should().Equal(audio.shape);
        (none - audio).abs().max().item<float>().Should().BeLessThan((float)(1e-4 * scale));
        (some - audio).abs().max().item<float>().Should().BeLessThan((float)(1e-3 * scale));
    }

    [Fact]
    public void Synthesize_FromRandomPhases_MakesTheSpectrumMoreConsistent()
    {
        int frames = 41;
        using var window = hann_window(Spec.WinLength, periodic: true);
        using var audio = tensor(TinyWavData.Tone(220, 1.0, (frames - 1) * 0.01)).unsqueeze(0);
        using var magnitude = Spectrum(audio, window).abs();
        using var generator = new Generator(3, CPU);
        using var phase = rand(magnitude.shape, generator: generator) * (2 * Math.PI);
        using var angles = polar(ones_like(phase), phase);

        double Inconsistency(int iterations)
        {
            using var result = FastGriffinLim.Synthesize(magnitude, angles, Spec, window, iterations, momentum: 0.99);
            using var rebuilt = Spectrum(result, window).abs();
            return ((rebuilt - magnitude).norm() / magnitude.norm()).item<float>();
        }

        Inconsistency(16).Should().BeLessThan(0.5 * Inconsistency(0));
    }

    [Fact]
    public void Synthesize_MomentumOutOfRange_Throws()
    {
        using var magnitude = ones(1, Spec.FrequencyBins, 4);
        using var window = hann_window(Spec.WinLength, periodic: true);
        var act = () => FastGriffinLim.Synthesize(magnitude, magnitude, Spec, window, 1, momentum: 1.0);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*momentum*");
    }
}
