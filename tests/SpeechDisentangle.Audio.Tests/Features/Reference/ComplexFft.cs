using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Tests.Features;

/// <summary>
/// Forward complex DFT of any length, one signal at a time: mixed-radix Stockham (self-sorting, no bit reversal) with
/// radix-4, -2, -3 and -5 butterflies and a generic butterfly for larger prime factors (O(N p) for a prime p), with
/// all twiddles precomputed (AVX where the CPU has it). The front end runs <see cref="LaneFft"/> (the same
/// butterflies on four frames at once); this scalar plan, through <see cref="RealFft"/>, is the reference those
/// lanes are checked against, and is itself checked against <see cref="NaiveDft"/>. Not thread-safe.
/// </summary>
internal sealed class ComplexFft
{
    private readonly Stage[] _stages;
    private readonly double[] _workRe;
    private readonly double[] _workIm;
    private readonly double[] _tempRe;
    private readonly double[] _tempIm;

    /// <summary>Plans a transform of the given length (any length &gt;= 1).</summary>
    public ComplexFft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Length = length;
        _workRe = new double[length];
        _workIm = new double[length];
        var stages = new List<Stage>();
        var n = length;
        var stride = 1;
        var maxRadix = 1;
        foreach (var radix in FftRadices.Factor(length))
        {
            stages.Add(new Stage(radix, n, stride));
            maxRadix = Math.Max(maxRadix, radix);
            n /= radix;
            stride *= radix;
        }

        _stages = [.. stages];
        _tempRe = new double[maxRadix];
        _tempIm = new double[maxRadix];
    }

    /// <summary>Transform length.</summary>
    public int Length { get; }

    /// <summary>In-place forward DFT: X[k] = sum_n x[n] exp(-2 pi i n k / N).</summary>
    public unsafe void Forward(Span<double> re, Span<double> im)
    {
        if (re.Length < Length || im.Length < Length)
        {
            throw new ArgumentException($"FFT of length {Length} got buffers of {re.Length} and {im.Length}.");
        }

        fixed (double* pr = re, pi = im, wr = _workRe, wi = _workIm, tr = _tempRe, ti = _tempIm)
        {
            double* xr = pr, xi = pi, yr = wr, yi = wi;
            foreach (var stage in _stages)
            {
                fixed (double* cr = stage.TwiddleRe, ci = stage.TwiddleIm)
                {
                    var vectorised = Vector256.IsHardwareAccelerated && stage.Stride % Vector256<double>.Count == 0;
                    switch (stage.Radix)
                    {
                        case 4 when stage.Stride == 1 && Avx.IsSupported && stage.M >= 4:
                            Radix4FirstStageAvx(stage, xr, xi, yr, yi, cr, ci);
                            break;
                        case 4 when vectorised:
                            Radix4Vector(stage, xr, xi, yr, yi, cr, ci);
                            break;
                        case 2 when vectorised:
                            Radix2Vector(stage, xr, xi, yr, yi, cr, ci);
                            break;
                        case 5 when vectorised:
                            Radix5Vector(stage, xr, xi, yr, yi, cr, ci);
                            break;
                        case 4:
                            Radix4(stage, xr, xi, yr, yi, cr, ci);
                            break;
                        case 2:
                            Radix2(stage, xr, xi, yr, yi, cr, ci);
                            break;
                        case 3:
                            Radix3(stage, xr, xi, yr, yi, cr, ci);
                            break;
                        case 5:
                            Radix5(stage, xr, xi, yr, yi, cr, ci);
                            break;
                        default:
                            RadixGeneric(stage, xr, xi, yr, yi, cr, ci, tr, ti);
                            break;
                    }
                }

                var swapRe = xr;
                xr = yr;
                yr = swapRe;
                var swapIm = xi;
                xi = yi;
                yi = swapIm;
            }

            if (xr != pr)
            {
                new ReadOnlySpan<double>(xr, Length).CopyTo(re);
                new ReadOnlySpan<double>(xi, Length).CopyTo(im);
            }
        }
    }

    // Stage with sub-length n, radix p, m = n / p, stride s: reads x[q + s (j + m t)], writes
    // y[q + s (p j + r)] = (sum_t x_t w_p^(t r)) * w_n^(j r). Twiddles stored at j (p - 1) + r - 1.
    private static unsafe void Radix2(Stage st, double* xr, double* xi, double* yr, double* yi, double* cr, double* ci)
    {
        int m = st.M, s = st.Stride;
        for (var j = 0; j < m; j++)
        {
            double w1r = cr[j], w1i = ci[j];
            for (var q = 0; q < s; q++)
            {
                int a = q + (s * j), b = a + (s * m);
                double ar = xr[a], ai = xi[a], br = xr[b], bi = xi[b];
                int o = q + (s * 2 * j);
                yr[o] = ar + br;
                yi[o] = ai + bi;
                double dr = ar - br, di = ai - bi;
                yr[o + s] = (dr * w1r) - (di * w1i);
                yi[o + s] = (dr * w1i) + (di * w1r);
            }
        }
    }

    private static unsafe void Radix4(Stage st, double* xr, double* xi, double* yr, double* yi, double* cr, double* ci)
    {
        int m = st.M, s = st.Stride, sm = s * m;
        for (var j = 0; j < m; j++)
        {
            double w1r = cr[3 * j], w1i = ci[3 * j];
            double w2r = cr[(3 * j) + 1], w2i = ci[(3 * j) + 1];
            double w3r = cr[(3 * j) + 2], w3i = ci[(3 * j) + 2];
            for (var q = 0; q < s; q++)
            {
                var i0 = q + (s * j);
                double a0r = xr[i0], a0i = xi[i0];
                double a1r = xr[i0 + sm], a1i = xi[i0 + sm];
                double a2r = xr[i0 + (2 * sm)], a2i = xi[i0 + (2 * sm)];
                double a3r = xr[i0 + (3 * sm)], a3i = xi[i0 + (3 * sm)];
                double s02r = a0r + a2r, s02i = a0i + a2i, d02r = a0r - a2r, d02i = a0i - a2i;
                double s13r = a1r + a3r, s13i = a1i + a3i, d13r = a1r - a3r, d13i = a1i - a3i;
                var o = q + (s * 4 * j);
                yr[o] = s02r + s13r;
                yi[o] = s02i + s13i;

                // Y1 = d02 - i d13, Y2 = s02 - s13, Y3 = d02 + i d13 (forward, w4 = -i).
                double y1r = d02r + d13i, y1i = d02i - d13r;
                double y2r = s02r - s13r, y2i = s02i - s13i;
                double y3r = d02r - d13i, y3i = d02i + d13r;
                yr[o + s] = (y1r * w1r) - (y1i * w1i);
                yi[o + s] = (y1r * w1i) + (y1i * w1r);
                yr[o + (2 * s)] = (y2r * w2r) - (y2i * w2i);
                yi[o + (2 * s)] = (y2r * w2i) + (y2i * w2r);
                yr[o + (3 * s)] = (y3r * w3r) - (y3i * w3i);
                yi[o + (3 * s)] = (y3r * w3i) + (y3i * w3r);
            }
        }
    }

    private static unsafe void Radix3(Stage st, double* xr, double* xi, double* yr, double* yi, double* cr, double* ci)
    {
        const double S = 0.86602540378443864676; // sin(2 pi / 3)
        int m = st.M, s = st.Stride, sm = s * m;
        for (var j = 0; j < m; j++)
        {
            double w1r = cr[2 * j], w1i = ci[2 * j], w2r = cr[(2 * j) + 1], w2i = ci[(2 * j) + 1];
            for (var q = 0; q < s; q++)
            {
                var i0 = q + (s * j);
                double a0r = xr[i0], a0i = xi[i0];
                double t1r = xr[i0 + sm] + xr[i0 + (2 * sm)], t1i = xi[i0 + sm] + xi[i0 + (2 * sm)];
                double ur = S * (xr[i0 + sm] - xr[i0 + (2 * sm)]), ui = S * (xi[i0 + sm] - xi[i0 + (2 * sm)]);
                double br = a0r - (0.5 * t1r), bi = a0i - (0.5 * t1i);
                var o = q + (s * 3 * j);
                yr[o] = a0r + t1r;
                yi[o] = a0i + t1i;

                // Y1 = b - i u, Y2 = b + i u (forward).
                double y1r = br + ui, y1i = bi - ur, y2r = br - ui, y2i = bi + ur;
                yr[o + s] = (y1r * w1r) - (y1i * w1i);
                yi[o + s] = (y1r * w1i) + (y1i * w1r);
                yr[o + (2 * s)] = (y2r * w2r) - (y2i * w2i);
                yi[o + (2 * s)] = (y2r * w2i) + (y2i * w2r);
            }
        }
    }

    private static unsafe void Radix5(Stage st, double* xr, double* xi, double* yr, double* yi, double* cr, double* ci)
    {
        const double C1 = 0.30901699437494742410; // cos(2 pi / 5)
        const double C2 = -0.80901699437494742410; // cos(4 pi / 5)
        const double S1 = 0.95105651629515357212; // sin(2 pi / 5)
        const double S2 = 0.58778525229247312917; // sin(4 pi / 5)
        int m = st.M, s = st.Stride, sm = s * m;
        for (var j = 0; j < m; j++)
        {
            var w = 4 * j;
            for (var q = 0; q < s; q++)
            {
                var i0 = q + (s * j);
                double a0r = xr[i0], a0i = xi[i0];
                double a1r = xr[i0 + sm], a1i = xi[i0 + sm];
                double a2r = xr[i0 + (2 * sm)], a2i = xi[i0 + (2 * sm)];
                double a3r = xr[i0 + (3 * sm)], a3i = xi[i0 + (3 * sm)];
                double a4r = xr[i0 + (4 * sm)], a4i = xi[i0 + (4 * sm)];
                double t1r = a1r + a4r, t1i = a1i + a4i, t2r = a2r + a3r, t2i = a2i + a3i;
                double t3r = a1r - a4r, t3i = a1i - a4i, t4r = a2r - a3r, t4i = a2i - a3i;
                double b1r = a0r + (C1 * t1r) + (C2 * t2r), b1i = a0i + (C1 * t1i) + (C2 * t2i);
                double b2r = a0r + (C2 * t1r) + (C1 * t2r), b2i = a0i + (C2 * t1i) + (C1 * t2i);
                double u1r = (S1 * t3r) + (S2 * t4r), u1i = (S1 * t3i) + (S2 * t4i);
                double u2r = (S2 * t3r) - (S1 * t4r), u2i = (S2 * t3i) - (S1 * t4i);
                var o = q + (s * 5 * j);
                yr[o] = a0r + t1r + t2r;
                yi[o] = a0i + t1i + t2i;

                // Y1 = b1 - i u1, Y4 = b1 + i u1, Y2 = b2 - i u2, Y3 = b2 + i u2 (forward).
                Store(yr, yi, o + s, b1r + u1i, b1i - u1r, cr[w], ci[w]);
                Store(yr, yi, o + (2 * s), b2r + u2i, b2i - u2r, cr[w + 1], ci[w + 1]);
                Store(yr, yi, o + (3 * s), b2r - u2i, b2i + u2r, cr[w + 2], ci[w + 2]);
                Store(yr, yi, o + (4 * s), b1r - u1i, b1i + u1r, cr[w + 3], ci[w + 3]);
            }
        }
    }

    // The *Vector variants run the same butterflies on 4 consecutive q (stride >= 4 keeps them contiguous).
    private static unsafe void Radix2Vector(Stage st, double* xr, double* xi, double* yr, double* yi, double* cr, double* ci)
    {
        int m = st.M, s = st.Stride, sm = s * m, n = Vector256<double>.Count;
        for (var j = 0; j < m; j++)
        {
            Vector256<double> w1r = Vector256.Create(cr[j]), w1i = Vector256.Create(ci[j]);
            for (var q = 0; q < s; q += n)
            {
                int a = q + (s * j), o = q + (s * 2 * j);
                Vector256<double> ar = Vector256.Load(xr + a), ai = Vector256.Load(xi + a);
                Vector256<double> br = Vector256.Load(xr + a + sm), bi = Vector256.Load(xi + a + sm);
                (ar + br).Store(yr + o);
                (ai + bi).Store(yi + o);
                Vector256<double> dr = ar - br, di = ai - bi;
                ((dr * w1r) - (di * w1i)).Store(yr + o + s);
                ((dr * w1i) + (di * w1r)).Store(yi + o + s);
            }
        }
    }

    private static unsafe void Radix4Vector(Stage st, double* xr, double* xi, double* yr, double* yi, double* cr, double* ci)
    {
        int m = st.M, s = st.Stride, sm = s * m, n = Vector256<double>.Count;
        for (var j = 0; j < m; j++)
        {
            Vector256<double> w1r = Vector256.Create(cr[3 * j]), w1i = Vector256.Create(ci[3 * j]);
            Vector256<double> w2r = Vector256.Create(cr[(3 * j) + 1]), w2i = Vector256.Create(ci[(3 * j) + 1]);
            Vector256<double> w3r = Vector256.Create(cr[(3 * j) + 2]), w3i = Vector256.Create(ci[(3 * j) + 2]);
            for (var q = 0; q < s; q += n)
            {
                var i0 = q + (s * j);
                Vector256<double> a0r = Vector256.Load(xr + i0), a0i = Vector256.Load(xi + i0);
                Vector256<double> a1r = Vector256.Load(xr + i0 + sm), a1i = Vector256.Load(xi + i0 + sm);
                Vector256<double> a2r = Vector256.Load(xr + i0 + (2 * sm)), a2i = Vector256.Load(xi + i0 + (2 * sm));
                Vector256<double> a3r = Vector256.Load(xr + i0 + (3 * sm)), a3i = Vector256.Load(xi + i0 + (3 * sm));
                Vector256<double> s02r = a0r + a2r, s02i = a0i + a2i, d02r = a0r - a2r, d02i = a0i - a2i;
                Vector256<double> s13r = a1r + a3r, s13i = a1i + a3i, d13r = a1r - a3r, d13i = a1i - a3i;
                var o = q + (s * 4 * j);
                (s02r + s13r).Store(yr + o);
                (s02i + s13i).Store(yi + o);
                Vector256<double> y1r = d02r + d13i, y1i = d02i - d13r;
                Vector256<double> y2r = s02r - s13r, y2i = s02i - s13i;
                Vector256<double> y3r = d02r - d13i, y3i = d02i + d13r;
                ((y1r * w1r) - (y1i * w1i)).Store(yr + o + s);
                ((y1r * w1i) + (y1i * w1r)).Store(yi + o + s);
                ((y2r * w2r) - (y2i * w2i)).Store(yr + o + (2 * s));
                ((y2r * w2i) + (y2i * w2r)).Store(yi + o + (2 * s));
                ((y3r * w3r) - (y3i * w3i)).Store(yr + o + (3 * s));
                ((y3r * w3i) + (y3i * w3r)).Store(yi + o + (3 * s));
            }
        }
    }

    // First radix-4 stage (stride 1): vectorise over four consecutive j instead of q. Inputs are contiguous in j;
    // the outputs y[4j + r] of four j form a 4x4 block that is transposed before storing.
    private static unsafe void Radix4FirstStageAvx(Stage st, double* xr, double* xi, double* yr, double* yi, double* cr, double* ci)
    {
        var m = st.M;
        var j = 0;
        fixed (double* tr = st.TwiddleByRadixRe, ti = st.TwiddleByRadixIm)
        {
            for (; j + 4 <= m; j += 4)
            {
                Vector256<double> a0r = Avx.LoadVector256(xr + j), a0i = Avx.LoadVector256(xi + j);
                Vector256<double> a1r = Avx.LoadVector256(xr + j + m), a1i = Avx.LoadVector256(xi + j + m);
                Vector256<double> a2r = Avx.LoadVector256(xr + j + (2 * m)), a2i = Avx.LoadVector256(xi + j + (2 * m));
                Vector256<double> a3r = Avx.LoadVector256(xr + j + (3 * m)), a3i = Avx.LoadVector256(xi + j + (3 * m));
                Vector256<double> s02r = a0r + a2r, s02i = a0i + a2i, d02r = a0r - a2r, d02i = a0i - a2i;
                Vector256<double> s13r = a1r + a3r, s13i = a1i + a3i, d13r = a1r - a3r, d13i = a1i - a3i;
                Vector256<double> y0r = s02r + s13r, y0i = s02i + s13i;
                Vector256<double> y1r = d02r + d13i, y1i = d02i - d13r;
                Vector256<double> y2r = s02r - s13r, y2i = s02i - s13i;
                Vector256<double> y3r = d02r - d13i, y3i = d02i + d13r;
                Twiddle(ref y1r, ref y1i, tr + j, ti + j);
                Twiddle(ref y2r, ref y2i, tr + m + j, ti + m + j);
                Twiddle(ref y3r, ref y3i, tr + (2 * m) + j, ti + (2 * m) + j);
                StoreTransposed(yr + (4 * j), y0r, y1r, y2r, y3r);
                StoreTransposed(yi + (4 * j), y0i, y1i, y2i, y3i);
            }
        }

        if (j < m)
        {
            Radix4Range(m, xr, xi, yr, yi, cr, ci, j);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe void Twiddle(ref Vector256<double> re, ref Vector256<double> im, double* wr, double* wi)
    {
        Vector256<double> cr = Avx.LoadVector256(wr), ci = Avx.LoadVector256(wi);
        var newRe = (re * cr) - (im * ci);
        im = (re * ci) + (im * cr);
        re = newRe;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreTransposed(double* y, Vector256<double> r0, Vector256<double> r1, Vector256<double> r2,
        Vector256<double> r3)
    {
        // Lanes of r_k are j..j+3; row j of the result is (r0[j], r1[j], r2[j], r3[j]).
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        Avx.Store(y, Avx.Permute2x128(t0, t2, 0x20));
        Avx.Store(y + 4, Avx.Permute2x128(t1, t3, 0x20));
        Avx.Store(y + 8, Avx.Permute2x128(t0, t2, 0x31));
        Avx.Store(y + 12, Avx.Permute2x128(t1, t3, 0x31));
    }

    // Scalar radix-4 over j = from..m-1 with stride 1 (the tail of the vectorised first stage).
    private static unsafe void Radix4Range(int m, double* xr, double* xi, double* yr, double* yi, double* cr, double* ci, int from)
    {
        for (var j = from; j < m; j++)
        {
            double a0r = xr[j], a0i = xi[j], a1r = xr[j + m], a1i = xi[j + m];
            double a2r = xr[j + (2 * m)], a2i = xi[j + (2 * m)], a3r = xr[j + (3 * m)], a3i = xi[j + (3 * m)];
            double s02r = a0r + a2r, s02i = a0i + a2i, d02r = a0r - a2r, d02i = a0i - a2i;
            double s13r = a1r + a3r, s13i = a1i + a3i, d13r = a1r - a3r, d13i = a1i - a3i;
            var o = 4 * j;
            yr[o] = s02r + s13r;
            yi[o] = s02i + s13i;
            Store(yr, yi, o + 1, d02r + d13i, d02i - d13r, cr[3 * j], ci[3 * j]);
            Store(yr, yi, o + 2, s02r - s13r, s02i - s13i, cr[(3 * j) + 1], ci[(3 * j) + 1]);
            Store(yr, yi, o + 3, d02r - d13i, d02i + d13r, cr[(3 * j) + 2], ci[(3 * j) + 2]);
        }
    }

    private static unsafe void Radix5Vector(Stage st, double* xr, double* xi, double* yr, double* yi, double* cr, double* ci)
    {
        var c1 = Vector256.Create(0.30901699437494742410);
        var c2 = Vector256.Create(-0.80901699437494742410);
        var s1 = Vector256.Create(0.95105651629515357212);
        var s2 = Vector256.Create(0.58778525229247312917);
        int m = st.M, s = st.Stride, sm = s * m, n = Vector256<double>.Count;
        for (var j = 0; j < m; j++)
        {
            var w = 4 * j;
            for (var q = 0; q < s; q += n)
            {
                var i0 = q + (s * j);
                Vector256<double> a0r = Vector256.Load(xr + i0), a0i = Vector256.Load(xi + i0);
                Vector256<double> a1r = Vector256.Load(xr + i0 + sm), a1i = Vector256.Load(xi + i0 + sm);
                Vector256<double> a2r = Vector256.Load(xr + i0 + (2 * sm)), a2i = Vector256.Load(xi + i0 + (2 * sm));
                Vector256<double> a3r = Vector256.Load(xr + i0 + (3 * sm)), a3i = Vector256.Load(xi + i0 + (3 * sm));
                Vector256<double> a4r = Vector256.Load(xr + i0 + (4 * sm)), a4i = Vector256.Load(xi + i0 + (4 * sm));
                Vector256<double> t1r = a1r + a4r, t1i = a1i + a4i, t2r = a2r + a3r, t2i = a2i + a3i;
                Vector256<double> t3r = a1r - a4r, t3i = a1i - a4i, t4r = a2r - a3r, t4i = a2i - a3i;
                Vector256<double> b1r = a0r + (c1 * t1r) + (c2 * t2r), b1i = a0i + (c1 * t1i) + (c2 * t2i);
                Vector256<double> b2r = a0r + (c2 * t1r) + (c1 * t2r), b2i = a0i + (c2 * t1i) + (c1 * t2i);
                Vector256<double> u1r = (s1 * t3r) + (s2 * t4r), u1i = (s1 * t3i) + (s2 * t4i);
                Vector256<double> u2r = (s2 * t3r) - (s1 * t4r), u2i = (s2 * t3i) - (s1 * t4i);
                var o = q + (s * 5 * j);
                (a0r + t1r + t2r).Store(yr + o);
                (a0i + t1i + t2i).Store(yi + o);
                StoreVector(yr, yi, o + s, b1r + u1i, b1i - u1r, cr[w], ci[w]);
                StoreVector(yr, yi, o + (2 * s), b2r + u2i, b2i - u2r, cr[w + 1], ci[w + 1]);
                StoreVector(yr, yi, o + (3 * s), b2r - u2i, b2i + u2r, cr[w + 2], ci[w + 2]);
                StoreVector(yr, yi, o + (4 * s), b1r - u1i, b1i + u1r, cr[w + 3], ci[w + 3]);
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreVector(double* yr, double* yi, int index, Vector256<double> vr, Vector256<double> vi,
        double wr, double wi)
    {
        Vector256<double> cr = Vector256.Create(wr), ci = Vector256.Create(wi);
        ((vr * cr) - (vi * ci)).Store(yr + index);
        ((vr * ci) + (vi * cr)).Store(yi + index);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(double* yr, double* yi, int index, double vr, double vi, double wr, double wi)
    {
        yr[index] = (vr * wr) - (vi * wi);
        yi[index] = (vr * wi) + (vi * wr);
    }

    private static unsafe void RadixGeneric(Stage st, double* xr, double* xi, double* yr, double* yi, double* cr, double* ci,
        double* tr, double* ti)
    {
        int p = st.Radix, m = st.M, s = st.Stride, sm = s * m;
        fixed (double* rr = st.RootRe, ri = st.RootIm)
        {
            for (var j = 0; j < m; j++)
            {
                for (var q = 0; q < s; q++)
                {
                    var i0 = q + (s * j);
                    for (var t = 0; t < p; t++)
                    {
                        tr[t] = xr[i0 + (t * sm)];
                        ti[t] = xi[i0 + (t * sm)];
                    }

                    var o = q + (s * p * j);
                    for (var r = 0; r < p; r++)
                    {
                        double sr = 0, si = 0;
                        var e = 0;
                        for (var t = 0; t < p; t++)
                        {
                            sr += (tr[t] * rr[e]) - (ti[t] * ri[e]);
                            si += (tr[t] * ri[e]) + (ti[t] * rr[e]);
                            e += r;
                            if (e >= p)
                            {
                                e -= p;
                            }
                        }

                        if (r == 0)
                        {
                            yr[o] = sr;
                            yi[o] = si;
                        }
                        else
                        {
                            var w = (j * (p - 1)) + r - 1;
                            yr[o + (r * s)] = (sr * cr[w]) - (si * ci[w]);
                            yi[o + (r * s)] = (sr * ci[w]) + (si * cr[w]);
                        }
                    }
                }
            }
        }
    }

    private sealed class Stage
    {
        public Stage(int radix, int n, int stride)
        {
            Radix = radix;
            M = n / radix;
            Stride = stride;
            TwiddleRe = new double[M * (radix - 1)];
            TwiddleIm = new double[M * (radix - 1)];
            for (var j = 0; j < M; j++)
            {
                for (var r = 1; r < radix; r++)
                {
                    var angle = -2.0 * Math.PI * ((long)j * r % n) / n;
                    TwiddleRe[(j * (radix - 1)) + r - 1] = Math.Cos(angle);
                    TwiddleIm[(j * (radix - 1)) + r - 1] = Math.Sin(angle);
                }
            }

            // Same twiddles laid out [r - 1][j], so consecutive j load as one vector.
            TwiddleByRadixRe = new double[M * (radix - 1)];
            TwiddleByRadixIm = new double[M * (radix - 1)];
            for (var j = 0; j < M; j++)
            {
                for (var r = 1; r < radix; r++)
                {
                    TwiddleByRadixRe[((r - 1) * M) + j] = TwiddleRe[(j * (radix - 1)) + r - 1];
                    TwiddleByRadixIm[((r - 1) * M) + j] = TwiddleIm[(j * (radix - 1)) + r - 1];
                }
            }

            RootRe = new double[radix];
            RootIm = new double[radix];
            for (var k = 0; k < radix; k++)
            {
                RootRe[k] = Math.Cos(-2.0 * Math.PI * k / radix);
                RootIm[k] = Math.Sin(-2.0 * Math.PI * k / radix);
            }
        }

        public int Radix { get; }

        public int M { get; }

        public int Stride { get; }

        public double[] TwiddleRe { get; }

        public double[] TwiddleIm { get; }

        public double[] TwiddleByRadixRe { get; }

        public double[] TwiddleByRadixIm { get; }

        public double[] RootRe { get; }

        public double[] RootIm { get; }
    }
}
