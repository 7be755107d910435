namespace SpeechDisentangle.Audio.Tests.Features;

/// <summary>
/// DFT of real input, bins 0..N/2. For even N it packs x into an N/2-point complex sequence
/// z[n] = x[2n] + i x[2n+1], transforms that, and unpacks X[k] = E[k] + W^k O[k] (half the work of a full
/// complex FFT); odd N falls back to an N-point complex FFT. The reference <see cref="SpeechDisentangle.Audio.Features.LaneRealFft"/>
/// is checked against. Not thread-safe: one instance per thread.
/// </summary>
internal sealed class RealFft
{
    private readonly ComplexFft _fft;
    private readonly double[] _re;
    private readonly double[] _im;
    private readonly double[] _unpackRe;
    private readonly double[] _unpackIm;

    /// <summary>Plans a real transform of the given length (&gt;= 2).</summary>
    public RealFft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        Length = length;
        var even = length % 2 == 0;
        var complexLength = even ? length / 2 : length;
        _fft = new ComplexFft(complexLength);
        _re = new double[complexLength];
        _im = new double[complexLength];
        var half = length / 2;
        _unpackRe = new double[half + 1];
        _unpackIm = new double[half + 1];
        for (var k = 0; k <= half; k++)
        {
            _unpackRe[k] = Math.Cos(-2.0 * Math.PI * k / length);
            _unpackIm[k] = Math.Sin(-2.0 * Math.PI * k / length);
        }
    }

    /// <summary>Real input length N.</summary>
    public int Length { get; }

    /// <summary>Number of output bins, N/2 + 1.</summary>
    public int NumBins => (Length / 2) + 1;

    /// <summary>Writes Re/Im of X[0..N/2].</summary>
    public void Forward(ReadOnlySpan<double> input, Span<double> re, Span<double> im)
    {
        CheckOutput(re.Length);
        CheckOutput(im.Length);
        Transform(input);
        for (var k = 0; k < NumBins; k++)
        {
            Bin(k, out re[k], out im[k]);
        }
    }

    /// <summary>Writes |X[k]|^2 for k = 0..N/2.</summary>
    public void PowerSpectrum(ReadOnlySpan<double> input, Span<double> power)
    {
        CheckOutput(power.Length);
        Transform(input);
        if (Length % 2 != 0)
        {
            for (var k = 0; k < NumBins; k++)
            {
                power[k] = (_re[k] * _re[k]) + (_im[k] * _im[k]);
            }

            return;
        }

        // Even N: unpack X[k] = E[k] + W^k O[k] inline (the hot path of every frame).
        var h = _re.Length;
        power[0] = (_re[0] + _im[0]) * (_re[0] + _im[0]);
        power[h] = (_re[0] - _im[0]) * (_re[0] - _im[0]);
        ReadOnlySpan<double> zr = _re, zi = _im, cr = _unpackRe, ci = _unpackIm;
        for (var k = 1; k < h; k++)
        {
            double ar = zr[k], ai = zi[k], br = zr[h - k], bi = -zi[h - k];
            double er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
            double odr = 0.5 * (ai - bi), odi = -0.5 * (ar - br);
            double re = er + ((cr[k] * odr) - (ci[k] * odi));
            double im = ei + ((cr[k] * odi) + (ci[k] * odr));
            power[k] = (re * re) + (im * im);
        }
    }

    private void Transform(ReadOnlySpan<double> input)
    {
        if (input.Length != Length)
        {
            throw new ArgumentException($"Real FFT of length {Length} got {input.Length} samples.", nameof(input));
        }

        if (Length % 2 == 0)
        {
            for (var n = 0; n < _re.Length; n++)
            {
                _re[n] = input[2 * n];
                _im[n] = input[(2 * n) + 1];
            }
        }
        else
        {
            input.CopyTo(_re);
            Array.Clear(_im);
        }

        _fft.Forward(_re, _im);
    }

    private void Bin(int k, out double re, out double im)
    {
        if (Length % 2 != 0)
        {
            re = _re[k];
            im = _im[k];
            return;
        }

        var h = _re.Length;
        int a = k == h ? 0 : k, b = k == 0 ? 0 : h - k;
        double ar = _re[a], ai = _im[a], br = _re[b], bi = -_im[b]; // b = conj(Z[h - k])
        double er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
        double odr = 0.5 * (ai - bi), odi = -0.5 * (ar - br); // O = (Z[k] - conj Z[h-k]) / (2i)
        double wr = _unpackRe[k], wi = _unpackIm[k];
        re = er + ((wr * odr) - (wi * odi));
        im = ei + ((wr * odi) + (wi * odr));
    }

    private void CheckOutput(int length)
    {
        if (length < NumBins)
        {
            throw new ArgumentException($"Real FFT of length {Length} needs {NumBins} output bins; got {length}.");
        }
    }
}
