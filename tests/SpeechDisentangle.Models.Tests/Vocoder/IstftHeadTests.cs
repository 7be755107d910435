using SpeechDisentangle.Models.Vocoder;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Vocoder;

[Collection("torch")]
public class IstftHeadTests
{
    [Fact]
    public void Synthesize_TrueMagnitudeAndPhaseOfASignal_GivesTheSignalBack()
    {
        var spec = VocosModel.SpecFor(80);
        using var head = new IstftHead(spec);
        int frames = 41;
        using var generator = new Generator(5, CPU);
        using var audio = (randn([2, (frames - 1) * spec.HopLength], generator: generator) * 0.1f) + tensor(TinyWavData.Tone(200, 1.1, (frames - 1) * 0.01)).unsqueeze(0);
        using var window = hann_window(spec.WinLength, periodic: true);
        using var spectrum = stft(audio, spec.NFft, spec.HopLength, spec.WinLength, window, center: true,
            pad_mode: TorchSharp.PaddingModes.Reflect, onesided: true, return_complex: true);
        spectrum.shape[2].Should().Be(frames);
        using var logMagnitude = spectrum.abs().log();
        using var phase = spectrum.angle();

        using var rebuilt = head.Synthesize(logMagnitude, phase);

        rebuilt.shape.Should().Equal(audio.shape);
        double error = (rebuilt - audio).abs().max().item<float>();
        double scale = audio.abs().max().item<float>();
        error.Should().BeLessThan(1e-4 * scale);
    }

    [Fact]
    public void Synthesize_WrongNumberOfBins_SaysTheShapeItWants()
    {
        using var head = new IstftHead(VocosModel.SpecFor(80));
        using var wrong = zeros(1, 100, 10);
        var act = () => head.Synthesize(wrong, wrong);
        act.Should().Throw<ArgumentException>().WithMessage("*[B, 201, T]*");
    }
}
