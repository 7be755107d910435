using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Tests.Features;

public class LaneFftTests
{
    private const int Lanes = LaneFft.Lanes;

    // Relative to NaiveDft.Scale: the naive sums' own rounding stays under n * 2^-52 of it (1e-13 at n = 1102).
    private const double Tolerance = 1e-12;

    // Every radix of FftRadices (4, 2, 3, 5 and the generic one for 7, 11, 19, 29), alone and mixed.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(45)]
    [InlineData(77)]
    [InlineData(90)]
    [InlineData(125)]
    [InlineData(200)]
    [InlineData(256)]
    [InlineData(275)]
    [InlineData(551)]
    public void Forward_FourRandomSignals_EachLaneMatchesNaiveDft(int n)
    {
        var random = new Random(n);
        var re = RandomValues(random, n * Lanes);
        var im = RandomValues(random, n * Lanes);
        var outRe = (double[])re.Clone();
        var outIm = (double[])im.Clone();

        new LaneFft(n).Forward(outRe, outIm);

        for (var lane = 0; lane < Lanes; lane++)
        {
            var (laneRe, laneIm) = (Lane(re, lane), Lane(im, lane));
            var (expRe, expIm) = NaiveDft.Forward(laneRe, laneIm);
            var tolerance = Tolerance * NaiveDft.Scale(laneRe, laneIm);
            for (var k = 0; k < n; k++)
            {
                outRe[(k * Lanes) + lane].Should().BeApproximately(expRe[k], tolerance, $"Re X[{k}] of {n}, lane {lane}");
                outIm[(k * Lanes) + lane].Should().BeApproximately(expIm[k], tolerance, $"Im X[{k}] of {n}, lane {lane}");
            }
        }
    }

    [Fact]
    public void Forward_SignalBesideOthers_SameBitsAsAloneInAnotherLane()
    {
        const int N = 200;
        var random = new Random(5);
        var signalRe = RandomValues(random, N);
        var signalIm = RandomValues(random, N);
        var crowdedRe = RandomValues(random, N * Lanes);
        var crowdedIm = RandomValues(random, N * Lanes);
        var aloneRe = new double[N * Lanes];
        var aloneIm = new double[N * Lanes];
        for (var k = 0; k < N; k++)
        {
            (crowdedRe[(k * Lanes) + 2], crowdedIm[(k * Lanes) + 2]) = (signalRe[k], signalIm[k]);
            (aloneRe[k * Lanes], aloneIm[k * Lanes]) = (signalRe[k], signalIm[k]);
        }

        var fft = new LaneFft(N);
        fft.Forward(crowdedRe, crowdedIm);
        fft.Forward(aloneRe, aloneIm);

        Lane(crowdedRe, 2).Should().Equal(Lane(aloneRe, 0));
        Lane(crowdedIm, 2).Should().Equal(Lane(aloneIm, 0));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(400)]
    [InlineData(512)]
    [InlineData(551)]
    [InlineData(1102)]
    public void PowerSpectrum_FourRealSignals_EachLaneMatchesNaiveDft(int n)
    {
        var random = new Random(n);
        var x = RandomValues(random, n * Lanes);
        var fft = new LaneRealFft(n);
        fft.InputIm.Clear();
        for (var i = 0; i < n; i++)
        {
            for (var lane = 0; lane < Lanes; lane++)
            {
                var target = fft.Packed ? (i % 2 == 0 ? fft.InputRe : fft.InputIm) : fft.InputRe;
                target[((fft.Packed ? i / 2 : i) * Lanes) + lane] = x[(i * Lanes) + lane];
            }
        }

        var power = new double[fft.NumBins * Lanes];
        fft.PowerSpectrum(power);

        fft.NumBins.Should().Be((n / 2) + 1);
        for (var lane = 0; lane < Lanes; lane++)
        {
            var signal = Lane(x, lane);
            var (expRe, expIm) = NaiveDft.Forward(signal, new double[n]);
            var scale = NaiveDft.Scale(signal, new double[n]);
            for (var k = 0; k < fft.NumBins; k++)
            {
                var expected = (expRe[k] * expRe[k]) + (expIm[k] * expIm[k]);
                power[(k * Lanes) + lane].Should().BeApproximately(expected, Tolerance * scale * scale, $"|X[{k}]|^2 of {n}, lane {lane}");
            }
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

    private static double[] RandomValues(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => random.NextDouble() - 0.5)];

    private static double[] Lane(double[] lanes, int lane) =>
        [.. Enumerable.Range(0, lanes.Length / Lanes).Select(k => lanes[(k * Lanes) + lane])];
}
