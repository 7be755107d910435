using SpeechDisentangle.Models.Vocoder;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Vocoder;

[Collection("torch")]
public class LogSpectralDistanceTests
{
    [Fact]
    public void Compute_SignalAndItsNegation_IsZero()
    {
        // Different waveforms, one magnitude spectrum: LSD sees only magnitudes.
        using var a = tensor(TinyWavData.Tone(180, 1.2, 0.3));
        using var b = -a;
        LogSpectralDistance.Compute(a, b).Should().BeApproximately(0, 1e-9);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.1)]
    public void Compute_ScaledCopy_IsTheGainInDecibels(double gain)
    {
        // A white-noise signal keeps every bin far above the floor, so a gain g moves every bin by |20 log10 g|.
        using var generator = new Generator(3, CPU);
        using var a = randn([4800], generator: generator) * 0.1f;
        using var b = a * gain;
        LogSpectralDistance.Compute(a, b).Should().BeApproximately(Math.Abs(20 * Math.Log10(gain)), 1e-3);
    }

    [Fact]
    public void Compute_DifferentLengths_Throws()
    {
        using var a = zeros(800);
        using var b = zeros(900);
        var act = () => LogSpectralDistance.Compute(a, b);
        act.Should().Throw<ArgumentException>().WithMessage("*one length*");
    }
}
