namespace SpeechDisentangle.Audio.Tests.Features;

/// <summary>
/// The O(n²) discrete Fourier transform in double, straight from its definition, of any length: the oracle the
/// front end's FFTs are held to. It shares nothing with them (no factoring, butterflies, twiddle tables or packing).
/// </summary>
internal static class NaiveDft
{
    /// <summary>X[k] = sum_t x[t] exp(-2 pi i t k / n), k = 0 .. n-1.</summary>
    public static (double[] Re, double[] Im) Forward(double[] re, double[] im)
    {
        var n = re.Length;
        var outRe = new double[n];
        var outIm = new double[n];
        for (var k = 0; k < n; k++)
        {
            for (var t = 0; t < n; t++)
            {
                // k * t reduced mod n first keeps the angle small, so cos/sin stay exact to ~1e-15.
                var angle = -2.0 * Math.PI * ((long)k * t % n) / n;
                outRe[k] += (re[t] * Math.Cos(angle)) - (im[t] * Math.Sin(angle));
                outIm[k] += (re[t] * Math.Sin(angle)) + (im[t] * Math.Cos(angle));
            }
        }

        return (outRe, outIm);
    }

    /// <summary>
    /// sum_t |x[t]|, the most any |X[k]| can be: rounding errors of a transform scale with it, so tolerances are
    /// fractions of it.
    /// </summary>
    public static double Scale(double[] re, double[] im) =>
        Enumerable.Range(0, re.Length).Sum(t => Math.Sqrt((re[t] * re[t]) + (im[t] * im[t])));
}
