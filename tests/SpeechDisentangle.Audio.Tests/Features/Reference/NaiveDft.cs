namespace SpeechDisentangle.Audio.Tests.Features;

/// <summary>The O(n²) discrete Fourier transform, straight from its definition: the reference the FFTs are held to.</summary>
internal static class NaiveDft
{
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
}
