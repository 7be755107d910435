namespace SpeechDisentangle.Audio.Tests.Features;

/// <summary>The oracle itself, on inputs whose transforms are known in closed form.</summary>
public class NaiveDftTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(7, 3)]
    [InlineData(12, 5)]
    [InlineData(551, 200)]
    public void Forward_ComplexExponential_IsOneSpikeOfHeightN(int n, int bin)
    {
        var re = Enumerable.Range(0, n).Select(t => Math.Cos(2 * Math.PI * (bin * t % n) / n)).ToArray();
        var im = Enumerable.Range(0, n).Select(t => Math.Sin(2 * Math.PI * (bin * t % n) / n)).ToArray();

        var (outRe, outIm) = NaiveDft.Forward(re, im);

        for (var k = 0; k < n; k++)
        {
            outRe[k].Should().BeApproximately(k == bin ? n : 0, 1e-12 * n, $"Re X[{k}] of {n}");
            outIm[k].Should().BeApproximately(0, 1e-12 * n, $"Im X[{k}] of {n}");
        }
    }

    [Fact]
    public void Forward_DelayedImpulse_HasUnitMagnitudeAndLinearPhase()
    {
        const int N = 10, Delay = 3;
        var re = new double[N];
        re[Delay] = 1;

        var (outRe, outIm) = NaiveDft.Forward(re, new double[N]);

        for (var k = 0; k < N; k++)
        {
            outRe[k].Should().BeApproximately(Math.Cos(-2 * Math.PI * Delay * k / N), 1e-12, $"Re X[{k}]");
            outIm[k].Should().BeApproximately(Math.Sin(-2 * Math.PI * Delay * k / N), 1e-12, $"Im X[{k}]");
        }
    }
}
