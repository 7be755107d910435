using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Tests.Features;

public class LaneFftTests
{
    private const int Lanes = LaneFft.Lanes;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(12)]
    [InlineData(16)]
    [InlineData(45)]
    [InlineData(77)]
    [InlineData(200)]
    [InlineData(256)]
    [InlineData(275)]
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
            var (expRe, expIm) = NaiveDft.Forward(Lane(re, lane), Lane(im, lane));
            for (var k = 0; k < n; k++)
            {
                outRe[(k * Lanes) + lane].Should().BeApproximately(expRe[k], 1e-9, $"Re X[{k}] of {n}, lane {lane}");
                outIm[(k * Lanes) + lane].Should().BeApproximately(expIm[k], 1e-9, $"Im X[{k}] of {n}, lane {lane}");
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
    public void PowerSpectrum_FourRealSignals_EachLaneMatchesRealFft(int n)
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

        var reference = new RealFft(n);
        var expected = new double[reference.NumBins];
        for (var lane = 0; lane < Lanes; lane++)
        {
            reference.PowerSpectrum(Lane(x, lane), expected);
            for (var k = 0; k < expected.Length; k++)
            {
                power[(k * Lanes) + lane].Should().BeApproximately(expected[k], 1e-8, $"|X[{k}]|^2 of {n}, lane {lane}");
            }
        }
    }

    private static double[] RandomValues(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => random.NextDouble() - 0.5)];

    private static double[] Lane(double[] lanes, int lane) =>
        [.. Enumerable.Range(0, lanes.Length / Lanes).Select(k => lanes[(k * Lanes) + lane])];
}
