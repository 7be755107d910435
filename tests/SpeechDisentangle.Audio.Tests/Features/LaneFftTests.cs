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
    public void Forward_EightRandomSignals_EachLaneMatchesNaiveDft(int n)
    {
        var random = new Random(n);
        var re = RandomFloats(random, n * Lanes);
        var im = RandomFloats(random, n * Lanes);
        var outRe = (float[])re.Clone();
        var outIm = (float[])im.Clone();

        new LaneFft(n).Forward(outRe, outIm);

        for (var lane = 0; lane < Lanes; lane++)
        {
            var (expRe, expIm) = NaiveDft(Lane(re, lane), Lane(im, lane));
            for (var k = 0; k < n; k++)
            {
                outRe[(k * Lanes) + lane].Should().BeApproximately((float)expRe[k], 1e-4f, $"Re X[{k}] of {n}, lane {lane}");
                outIm[(k * Lanes) + lane].Should().BeApproximately((float)expIm[k], 1e-4f, $"Im X[{k}] of {n}, lane {lane}");
            }
        }
    }

    [Fact]
    public void Forward_SignalBesideOthers_SameBitsAsAloneInAnotherLane()
    {
        const int N = 200;
        var random = new Random(5);
        var signalRe = RandomFloats(random, N);
        var signalIm = RandomFloats(random, N);
        var crowdedRe = RandomFloats(random, N * Lanes);
        var crowdedIm = RandomFloats(random, N * Lanes);
        var aloneRe = new float[N * Lanes];
        var aloneIm = new float[N * Lanes];
        for (var k = 0; k < N; k++)
        {
            (crowdedRe[(k * Lanes) + 3], crowdedIm[(k * Lanes) + 3]) = (signalRe[k], signalIm[k]);
            (aloneRe[k * Lanes], aloneIm[k * Lanes]) = (signalRe[k], signalIm[k]);
        }

        var fft = new LaneFft(N);
        fft.Forward(crowdedRe, crowdedIm);
        fft.Forward(aloneRe, aloneIm);

        Lane(crowdedRe, 3).Should().Equal(Lane(aloneRe, 0));
        Lane(crowdedIm, 3).Should().Equal(Lane(aloneIm, 0));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(400)]
    [InlineData(512)]
    [InlineData(551)]
    public void PowerSpectrum_EightRealSignals_EachLaneMatchesDoubleRealFft(int n)
    {
        var random = new Random(n);
        var x = RandomFloats(random, n * Lanes);
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

        var power = new float[fft.NumBins * Lanes];
        fft.PowerSpectrum(power);

        var reference = new RealFft(n);
        var expected = new double[reference.NumBins];
        for (var lane = 0; lane < Lanes; lane++)
        {
            reference.PowerSpectrum(Array.ConvertAll(Lane(x, lane), v => (double)v), expected);
            var tolerance = 1e-5 * expected.Max();
            for (var k = 0; k < expected.Length; k++)
            {
                power[(k * Lanes) + lane].Should().BeApproximately((float)expected[k], (float)tolerance, $"|X[{k}]|^2 of {n}, lane {lane}");
            }
        }
    }

    private static float[] RandomFloats(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5))];

    private static float[] Lane(float[] lanes, int lane) =>
        [.. Enumerable.Range(0, lanes.Length / Lanes).Select(k => lanes[(k * Lanes) + lane])];

    private static (double[] Re, double[] Im) NaiveDft(float[] re, float[] im)
    {
        var n = re.Length;
        var outRe = new double[n];
        var outIm = new double[n];
        for (var k = 0; k < n; k++)
        {
            for (var t = 0; t < n; t++)
            {
                var angle = -2.0 * Math.PI * ((long)k * t % n) / n;
                outRe[k] += (re[t] * Math.Cos(angle)) - (im[t] * Math.Sin(angle));
                outIm[k] += (re[t] * Math.Sin(angle)) + (im[t] * Math.Cos(angle));
            }
        }

        return (outRe, outIm);
    }
}
