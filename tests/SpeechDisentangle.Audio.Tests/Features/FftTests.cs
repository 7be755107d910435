using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Tests.Features;

public class FftTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(15)]
    [InlineData(45)]
    [InlineData(125)]
    [InlineData(16)]
    [InlineData(77)]
    [InlineData(90)]
    [InlineData(200)]
    [InlineData(256)]
    [InlineData(275)]
    [InlineData(551)]
    public void ComplexForward_RandomInput_MatchesNaiveDft(int n)
    {
        var random = new Random(n);
        var re = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var im = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var (expRe, expIm) = NaiveDft.Forward(re, im);

        new ComplexFft(n).Forward(re, im);

        for (var k = 0; k < n; k++)
        {
            re[k].Should().BeApproximately(expRe[k], 1e-9, $"Re X[{k}] of {n}");
            im[k].Should().BeApproximately(expIm[k], 1e-9, $"Im X[{k}] of {n}");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(400)]
    [InlineData(512)]
    [InlineData(551)]
    [InlineData(1102)]
    public void RealForward_RandomInput_MatchesNaiveDftBins(int n)
    {
        var random = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var (expRe, expIm) = NaiveDft.Forward(x, new double[n]);
        var fft = new RealFft(n);
        var re = new double[fft.NumBins];
        var im = new double[fft.NumBins];
        var power = new double[fft.NumBins];

        fft.Forward(x, re, im);
        fft.PowerSpectrum(x, power);

        fft.NumBins.Should().Be((n / 2) + 1);
        for (var k = 0; k < fft.NumBins; k++)
        {
            re[k].Should().BeApproximately(expRe[k], 1e-9, $"Re X[{k}] of {n}");
            im[k].Should().BeApproximately(expIm[k], 1e-9, $"Im X[{k}] of {n}");
            power[k].Should().BeApproximately((expRe[k] * expRe[k]) + (expIm[k] * expIm[k]), 1e-8);
        }
    }

    [Fact]
    public void Factor_MixedLength_UsesRadix4ThenOddPrimes()
    {
        FftRadices.Factor(200).Should().Equal(4, 2, 5, 5);
        FftRadices.Factor(256).Should().Equal(4, 4, 4, 4);
        FftRadices.Factor(551).Should().Equal(19, 29);
        FftRadices.Factor(90).Should().Equal(2, 3, 3, 5);
    }

    [Fact]
    public void RealForward_WrongInputLength_Throws()
    {
        var act = () => new RealFft(8).PowerSpectrum(new double[7], new double[5]);

        act.Should().Throw<ArgumentException>().WithMessage("*8*7*");
    }
}
