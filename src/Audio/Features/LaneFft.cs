using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace SpeechDisentangle.Audio.Features;

/// <summary>
/// Forward complex DFT of four independent double-precision signals at once, one per vector lane: element n of
/// the signals is the vector at doubles [4n, 4n + 4) (split re/im buffers). Every butterfly is then a plain
/// vertical vector operation with broadcast twiddles, whatever the length, so there is no shuffling between
/// stages. Mixed-radix Stockham (self-sorting) with radix 4, 2, 3 and 5 and a generic butterfly for larger
/// primes (see <see cref="FftRadices"/>). Lanes never mix, so a signal's result does not depend on its lane
/// or on the other lanes. Not thread-safe (owns its work buffers).
/// </summary>
internal sealed unsafe class LaneFft
{
    /// <summary>Signals per transform (doubles per 256-bit vector).</summary>
    public const int Lanes = 4;

    private readonly LaneFftStage[] _stages;
    private readonly AlignedBuffer<double> _workRe;
    private readonly AlignedBuffer<double> _workIm;
    private readonly AlignedBuffer<double> _scratch;

    public LaneFft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Length = length;
        _workRe = new AlignedBuffer<double>(length * Lanes);
        _workIm = new AlignedBuffer<double>(length * Lanes);
        var stages = new List<LaneFftStage>();
        var n = length;
        var stride = 1;
        var maxRadix = 1;
        foreach (var radix in FftRadices.Factor(length))
        {
            stages.Add(new LaneFftStage(radix, n, stride));
            maxRadix = Math.Max(maxRadix, radix);
            n /= radix;
            stride *= radix;
        }

        _stages = [.. stages];
        _scratch = new AlignedBuffer<double>(2 * maxRadix * Lanes);
    }

    /// <summary>Complex points per signal.</summary>
    public int Length { get; }

    /// <summary>In-place transform of the four signals in <paramref name="re"/>/<paramref name="im"/> (<see cref="Length"/> x 4 doubles each).</summary>
    public void Forward(Span<double> re, Span<double> im)
    {
        var size = Length * Lanes;
        if (re.Length < size || im.Length < size)
        {
            throw new ArgumentException($"Four-lane FFT of length {Length} needs {size} doubles per buffer; got {re.Length} and {im.Length}.");
        }

        fixed (double* pr = re, pi = im)
        {
            Forward(pr, pi, out var outRe, out var outIm);
            if (outRe != pr)
            {
                new ReadOnlySpan<double>(outRe, size).CopyTo(re);
                new ReadOnlySpan<double>(outIm, size).CopyTo(im);
            }
        }
    }

    /// <summary>
    /// As <see cref="Forward(Span{double}, Span{double})"/> without the copy back: the result is either in the input
    /// buffers or in the internal work buffers (<paramref name="outRe"/>/<paramref name="outIm"/>, valid until the
    /// next call); the input is overwritten either way.
    /// </summary>
    internal void Forward(double* re, double* im, out double* outRe, out double* outIm)
    {
        V* xr = (V*)re, xi = (V*)im, yr = (V*)_workRe.Pointer, yi = (V*)_workIm.Pointer;
        foreach (var stage in _stages)
        {
            switch (stage.Radix)
            {
                case 4:
                    Radix4(stage, xr, xi, yr, yi);
                    break;
                case 2:
                    Radix2(stage, xr, xi, yr, yi);
                    break;
                case 3:
                    Radix3(stage, xr, xi, yr, yi);
                    break;
                case 5:
                    Radix5(stage, xr, xi, yr, yi);
                    break;
                default:
                    RadixGeneric(stage, xr, xi, yr, yi, (V*)_scratch.Pointer);
                    break;
            }

            var swap = xr;
            xr = yr;
            yr = swap;
            swap = xi;
            xi = yi;
            yi = swap;
        }

        outRe = (double*)xr;
        outIm = (double*)xi;
        GC.KeepAlive(this);
    }

    // Stage with sub-length n, radix p, m = n / p, stride s: reads x[q + s (j + m t)] and writes
    // y[q + s (p j + r)] = (sum_t x_t w_p^(t r)) w_n^(j r). Twiddles of j at j (p - 1) + r - 1; j = 0 needs none.
    private static void Radix2(LaneFftStage st, V* xr, V* xi, V* yr, V* yi)
    {
        int m = st.M, s = st.Stride, sm = s * m;
        for (var j = 0; j < m; j++)
        {
            V w1r = V.One, w1i = V.Zero;
            if (j > 0)
            {
                w1r = Vector256.Create(st.Re[j]);
                w1i = Vector256.Create(st.Im[j]);
            }

            for (var q = 0; q < s; q++)
            {
                int a = q + (s * j), o = q + (s * 2 * j);
                V ar = xr[a], ai = xi[a], br = xr[a + sm], bi = xi[a + sm];
                yr[o] = ar + br;
                yi[o] = ai + bi;
                Rotate(yr, yi, o + s, ar - br, ai - bi, w1r, w1i, j > 0);
            }
        }
    }

    private static void Radix4(LaneFftStage st, V* xr, V* xi, V* yr, V* yi)
    {
        int m = st.M, s = st.Stride, sm = s * m;
        for (var j = 0; j < m; j++)
        {
            V w1r = V.One, w1i = V.Zero, w2r = V.One, w2i = V.Zero, w3r = V.One, w3i = V.Zero;
            var twiddle = j > 0;
            if (twiddle)
            {
                var w = 3 * j;
                w1r = Vector256.Create(st.Re[w]);
                w1i = Vector256.Create(st.Im[w]);
                w2r = Vector256.Create(st.Re[w + 1]);
                w2i = Vector256.Create(st.Im[w + 1]);
                w3r = Vector256.Create(st.Re[w + 2]);
                w3i = Vector256.Create(st.Im[w + 2]);
            }

            for (var q = 0; q < s; q++)
            {
                var i0 = q + (s * j);
                V a0r = xr[i0], a0i = xi[i0], a1r = xr[i0 + sm], a1i = xi[i0 + sm];
                V a2r = xr[i0 + (2 * sm)], a2i = xi[i0 + (2 * sm)], a3r = xr[i0 + (3 * sm)], a3i = xi[i0 + (3 * sm)];
                V s02r = a0r + a2r, s02i = a0i + a2i, d02r = a0r - a2r, d02i = a0i - a2i;
                V s13r = a1r + a3r, s13i = a1i + a3i, d13r = a1r - a3r, d13i = a1i - a3i;
                var o = q + (s * 4 * j);
                yr[o] = s02r + s13r;
                yi[o] = s02i + s13i;

                // Y1 = d02 - i d13, Y2 = s02 - s13, Y3 = d02 + i d13 (forward, w4 = -i).
                Rotate(yr, yi, o + s, d02r + d13i, d02i - d13r, w1r, w1i, twiddle);
                Rotate(yr, yi, o + (2 * s), s02r - s13r, s02i - s13i, w2r, w2i, twiddle);
                Rotate(yr, yi, o + (3 * s), d02r - d13i, d02i + d13r, w3r, w3i, twiddle);
            }
        }
    }

    private static void Radix3(LaneFftStage st, V* xr, V* xi, V* yr, V* yi)
    {
        var sin60 = Vector256.Create(0.86602540378443864676);
        var half = Vector256.Create(0.5);
        int m = st.M, s = st.Stride, sm = s * m;
        for (var j = 0; j < m; j++)
        {
            V w1r = V.One, w1i = V.Zero, w2r = V.One, w2i = V.Zero;
            var twiddle = j > 0;
            if (twiddle)
            {
                w1r = Vector256.Create(st.Re[2 * j]);
                w1i = Vector256.Create(st.Im[2 * j]);
                w2r = Vector256.Create(st.Re[(2 * j) + 1]);
                w2i = Vector256.Create(st.Im[(2 * j) + 1]);
            }

            for (var q = 0; q < s; q++)
            {
                var i0 = q + (s * j);
                V a0r = xr[i0], a0i = xi[i0], a1r = xr[i0 + sm], a1i = xi[i0 + sm];
                V a2r = xr[i0 + (2 * sm)], a2i = xi[i0 + (2 * sm)];
                V t1r = a1r + a2r, t1i = a1i + a2i, ur = sin60 * (a1r - a2r), ui = sin60 * (a1i - a2i);
                V br = a0r - (half * t1r), bi = a0i - (half * t1i);
                var o = q + (s * 3 * j);
                yr[o] = a0r + t1r;
                yi[o] = a0i + t1i;

                // Y1 = b - i u, Y2 = b + i u (forward).
                Rotate(yr, yi, o + s, br + ui, bi - ur, w1r, w1i, twiddle);
                Rotate(yr, yi, o + (2 * s), br - ui, bi + ur, w2r, w2i, twiddle);
            }
        }
    }

    private static void Radix5(LaneFftStage st, V* xr, V* xi, V* yr, V* yi)
    {
        var c1 = Vector256.Create(0.30901699437494742410); // cos(2 pi / 5)
        var c2 = Vector256.Create(-0.80901699437494742410); // cos(4 pi / 5)
        var s1 = Vector256.Create(0.95105651629515357212); // sin(2 pi / 5)
        var s2 = Vector256.Create(0.58778525229247312917); // sin(4 pi / 5)
        int m = st.M, s = st.Stride, sm = s * m;
        for (var j = 0; j < m; j++)
        {
            V w1r = V.One, w1i = V.Zero, w2r = V.One, w2i = V.Zero, w3r = V.One, w3i = V.Zero, w4r = V.One, w4i = V.Zero;
            var twiddle = j > 0;
            if (twiddle)
            {
                var w = 4 * j;
                (w1r, w1i) = (Vector256.Create(st.Re[w]), Vector256.Create(st.Im[w]));
                (w2r, w2i) = (Vector256.Create(st.Re[w + 1]), Vector256.Create(st.Im[w + 1]));
                (w3r, w3i) = (Vector256.Create(st.Re[w + 2]), Vector256.Create(st.Im[w + 2]));
                (w4r, w4i) = (Vector256.Create(st.Re[w + 3]), Vector256.Create(st.Im[w + 3]));
            }

            for (var q = 0; q < s; q++)
            {
                var i0 = q + (s * j);
                V a0r = xr[i0], a0i = xi[i0], a1r = xr[i0 + sm], a1i = xi[i0 + sm];
                V a2r = xr[i0 + (2 * sm)], a2i = xi[i0 + (2 * sm)], a3r = xr[i0 + (3 * sm)], a3i = xi[i0 + (3 * sm)];
                V a4r = xr[i0 + (4 * sm)], a4i = xi[i0 + (4 * sm)];
                V t1r = a1r + a4r, t1i = a1i + a4i, t2r = a2r + a3r, t2i = a2i + a3i;
                V t3r = a1r - a4r, t3i = a1i - a4i, t4r = a2r - a3r, t4i = a2i - a3i;
                V b1r = a0r + (c1 * t1r) + (c2 * t2r), b1i = a0i + (c1 * t1i) + (c2 * t2i);
                V b2r = a0r + (c2 * t1r) + (c1 * t2r), b2i = a0i + (c2 * t1i) + (c1 * t2i);
                V u1r = (s1 * t3r) + (s2 * t4r), u1i = (s1 * t3i) + (s2 * t4i);
                V u2r = (s2 * t3r) - (s1 * t4r), u2i = (s2 * t3i) - (s1 * t4i);
                var o = q + (s * 5 * j);
                yr[o] = a0r + t1r + t2r;
                yi[o] = a0i + t1i + t2i;

                // Y1 = b1 - i u1, Y4 = b1 + i u1, Y2 = b2 - i u2, Y3 = b2 + i u2 (forward).
                Rotate(yr, yi, o + s, b1r + u1i, b1i - u1r, w1r, w1i, twiddle);
                Rotate(yr, yi, o + (2 * s), b2r + u2i, b2i - u2r, w2r, w2i, twiddle);
                Rotate(yr, yi, o + (3 * s), b2r - u2i, b2i + u2r, w3r, w3i, twiddle);
                Rotate(yr, yi, o + (4 * s), b1r - u1i, b1i + u1r, w4r, w4i, twiddle);
            }
        }
    }

    private static void RadixGeneric(LaneFftStage st, V* xr, V* xi, V* yr, V* yi, V* scratch)
    {
        int p = st.Radix, m = st.M, s = st.Stride, sm = s * m;
        V* tr = scratch, ti = scratch + p;
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
                    V sr = V.Zero, si = V.Zero;
                    var e = 0;
                    for (var t = 0; t < p; t++)
                    {
                        V rr = Vector256.Create(st.RootRe[e]), ri = Vector256.Create(st.RootIm[e]);
                        sr += (tr[t] * rr) - (ti[t] * ri);
                        si += (tr[t] * ri) + (ti[t] * rr);
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
                        Rotate(yr, yi, o + (r * s), sr, si, st, (j * (p - 1)) + r - 1, j > 0);
                    }
                }
            }
        }
    }

    // y[index] = v * w, or v where the twiddle is 1 (j = 0).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rotate(V* yr, V* yi, int index, V vr, V vi, V wr, V wi, bool twiddle)
    {
        if (!twiddle)
        {
            yr[index] = vr;
            yi[index] = vi;
            return;
        }

        yr[index] = Vector256.MultiplyAddEstimate(vr, wr, -(vi * wi));
        yi[index] = Vector256.MultiplyAddEstimate(vr, wi, vi * wr);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rotate(V* yr, V* yi, int index, V vr, V vi, LaneFftStage st, int w, bool twiddle)
    {
        if (!twiddle)
        {
            yr[index] = vr;
            yi[index] = vi;
            return;
        }

        Rotate(yr, yi, index, vr, vi, Vector256.Create(st.Re[w]), Vector256.Create(st.Im[w]), twiddle: true);
    }
}
