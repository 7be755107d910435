using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<double>;

namespace SpeechDisentangle.Audio.Features;

/// <summary>
/// Power spectrum |X[k]|^2, k = 0..N/2, of four real double-precision signals at once (one per lane, layout as
/// <see cref="LaneFft"/>). For even N the caller packs x into z[n] = x[2n] + i x[2n+1] (<see cref="Packed"/>),
/// an N/2-point complex FFT runs, and X[k] = E[k] + W^k O[k] is unpacked; odd N runs an N-point complex FFT
/// on x + 0i. Not thread-safe.
/// </summary>
internal sealed unsafe class LaneRealFft
{
    private readonly LaneFft _fft;
    private readonly AlignedBuffer<double> _inputRe;
    private readonly AlignedBuffer<double> _inputIm;
    private readonly AlignedBuffer<double> _unpackRe;
    private readonly AlignedBuffer<double> _unpackIm;

    public LaneRealFft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        Length = length;
        Packed = length % 2 == 0;
        var complexLength = Packed ? length / 2 : length;
        _fft = new LaneFft(complexLength);
        _inputRe = new AlignedBuffer<double>(complexLength * LaneFft.Lanes);
        _inputIm = new AlignedBuffer<double>(complexLength * LaneFft.Lanes);
        var half = length / 2;
        _unpackRe = new AlignedBuffer<double>(half + 1);
        _unpackIm = new AlignedBuffer<double>(half + 1);
        for (var k = 0; k <= half; k++)
        {
            _unpackRe.Span[k] = Math.Cos(-2.0 * Math.PI * k / length);
            _unpackIm.Span[k] = Math.Sin(-2.0 * Math.PI * k / length);
        }
    }

    /// <summary>Real input length N.</summary>
    public int Length { get; }

    /// <summary>Output bins, N/2 + 1.</summary>
    public int NumBins => (Length / 2) + 1;

    /// <summary>
    /// True for even N: sample n goes to <see cref="InputRe"/>[n / 2] when n is even, <see cref="InputIm"/>[n / 2]
    /// when odd. False: sample n goes to InputRe[n] and InputIm must be zero.
    /// </summary>
    public bool Packed { get; }

    /// <summary>Input buffer (complex length x 4 doubles); the caller fills it before each <see cref="PowerSpectrum"/>.</summary>
    public Span<double> InputRe => _inputRe.Span;

    /// <summary>Imaginary input buffer; see <see cref="Packed"/>.</summary>
    public Span<double> InputIm => _inputIm.Span;

    internal double* InputRePointer => _inputRe.Pointer;

    internal double* InputImPointer => _inputIm.Pointer;

    /// <summary>Transforms the input buffers (overwriting them) and writes <see cref="NumBins"/> x 4 powers.</summary>
    public void PowerSpectrum(Span<double> power)
    {
        if (power.Length < NumBins * LaneFft.Lanes)
        {
            throw new ArgumentException($"Four-lane power spectrum of length {Length} needs {NumBins * LaneFft.Lanes} doubles; got {power.Length}.", nameof(power));
        }

        fixed (double* output = power)
        {
            PowerSpectrum(output);
        }
    }

    internal void PowerSpectrum(double* power)
    {
        _fft.Forward(_inputRe.Pointer, _inputIm.Pointer, out var re, out var im);
        V* zr = (V*)re, zi = (V*)im, p = (V*)power;
        if (!Packed)
        {
            for (var k = 0; k < NumBins; k++)
            {
                p[k] = (zr[k] * zr[k]) + (zi[k] * zi[k]);
            }

            GC.KeepAlive(this);
            return;
        }

        // With A = Z[k], B = Z[h-k]: 2E = A + conj B, 2O = (A - conj B) / i, T = W^k O; then X[k] = E + T and
        // X[h-k] = conj(E - T), so one pass over k <= h/2 gives both bins from the same loads.
        var h = _fft.Length;
        var quarter = Vector256.Create(0.25);
        var sum = zr[0] + zi[0];
        var difference = zr[0] - zi[0];
        p[0] = sum * sum;
        p[h] = difference * difference;
        double* cr = _unpackRe.Pointer, ci = _unpackIm.Pointer;
        for (var k = 1; k <= h - k; k++)
        {
            V ar = zr[k], ai = zi[k], br = zr[h - k], bi = zi[h - k];
            V er = ar + br, ei = ai - bi, odr = ai + bi, odi = br - ar; // 2E and 2O
            V wr = Vector256.Create(cr[k]), wi = Vector256.Create(ci[k]);
            var tr = Vector256.MultiplyAddEstimate(wr, odr, -(wi * odi));
            var ti = Vector256.MultiplyAddEstimate(wr, odi, wi * odr);
            V plusRe = er + tr, plusIm = ei + ti, minusRe = er - tr, minusIm = ei - ti;
            p[k] = quarter * Vector256.MultiplyAddEstimate(plusRe, plusRe, plusIm * plusIm);
            p[h - k] = quarter * Vector256.MultiplyAddEstimate(minusRe, minusRe, minusIm * minusIm);
        }

        GC.KeepAlive(this);
    }
}
