using System.Numerics;
using System.Runtime.InteropServices;
using MathNet.Numerics;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.IO;

/// <summary>
/// Rational-ratio polyphase resampler with a Kaiser-windowed sinc low-pass. The ratio is reduced to L/M by the
/// greatest common divisor; output sample n sits at input time n*M/L, and the L possible fractional offsets each
/// get their own tap set (a "phase"). The cutoff is <see cref="ResamplerOptions.Rolloff"/> times the lower Nyquist
/// frequency, so content above the new Nyquist is removed before it can alias.
/// </summary>
public sealed class Resampler
{
    // Above this many table entries the taps are computed per output sample instead of cached.
    const long MaxTableSize = 4_000_000;

    readonly double _cutoff;      // cycles per input sample
    readonly int _halfWidth;      // taps on each side, in input samples
    readonly double _beta;
    readonly double _i0Beta;
    readonly float[]? _table;     // phase-major: L rows of 2*_halfWidth taps

    /// <summary>Designs the filter for <paramref name="inputRate"/> -> <paramref name="outputRate"/>.</summary>
    public Resampler(int inputRate, int outputRate, ResamplerOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputRate, 1);
        options ??= new ResamplerOptions();
        options.Validate();
        InputRate = inputRate;
        OutputRate = outputRate;
        int g = (int)Euclid.GreatestCommonDivisor(inputRate, outputRate);
        UpFactor = outputRate / g;
        DownFactor = inputRate / g;
        _cutoff = 0.5 * options.Rolloff * Math.Min(1.0, (double)outputRate / inputRate);
        _halfWidth = (int)Math.Ceiling(options.ZeroCrossings / (2 * _cutoff));
        _beta = options.KaiserBeta;
        _i0Beta = SpecialFunctions.BesselI0(_beta);
        if ((long)UpFactor * TapsPerPhase <= MaxTableSize)
        {
            _table = new float[UpFactor * TapsPerPhase];
            for (int p = 0; p < UpFactor; p++) FillTaps(p, _table.AsSpan(p * TapsPerPhase, TapsPerPhase));
        }
    }

    /// <summary>Input sample rate.</summary>
    public int InputRate { get; }

    /// <summary>Output sample rate.</summary>
    public int OutputRate { get; }

    /// <summary>L: the reduced output/input ratio's numerator (number of filter phases).</summary>
    public int UpFactor { get; }

    /// <summary>M: the reduced ratio's denominator.</summary>
    public int DownFactor { get; }

    /// <summary>Filter taps applied per output sample.</summary>
    public int TapsPerPhase => 2 * _halfWidth;

    /// <summary>Output length for <paramref name="inputLength"/> input samples: ceil(n * L / M).</summary>
    public long OutputLength(long inputLength) => (inputLength * UpFactor + DownFactor - 1) / DownFactor;

    /// <summary>Resamples a whole signal; samples beyond both ends are taken as zero.</summary>
    public float[] Process(ReadOnlySpan<float> input)
    {
        var output = new float[OutputLength(input.Length)];
        float[] scratch = _table is null ? new float[TapsPerPhase] : [];
        for (int n = 0; n < output.Length; n++) output[n] = OutputAt(n, input, 0, scratch);
        return output;
    }

    /// <summary>
    /// Output sample <paramref name="n"/> from the input samples held in <paramref name="window"/>, whose first element
    /// is input sample <paramref name="windowStart"/>; samples outside the window count as zero. Shared by the whole-signal
    /// and the streaming paths so both give bit-identical results.
    /// </summary>
    internal float OutputAt(long n, ReadOnlySpan<float> window, long windowStart, float[] scratch)
    {
        int taps = TapsPerPhase;
        long num = n * DownFactor;
        int phase = (int)(num % UpFactor);
        ReadOnlySpan<float> h;
        if (_table is null)
        {
            FillTaps(phase, scratch);
            h = scratch;
        }
        else
        {
            h = _table.AsSpan(phase * taps, taps);
        }
        long first = (num / UpFactor) - _halfWidth + 1;
        // Clip the tap range to the window; outside it the input is zero.
        long from = Math.Max(first, windowStart);
        long to = Math.Min(first + taps, windowStart + window.Length);
        if (to <= from) return 0f;
        int count = (int)(to - from);
        return Dot(window.Slice((int)(from - windowStart), count), h.Slice((int)(from - first), count));
    }

    /// <summary>The first input sample output <paramref name="n"/> depends on.</summary>
    internal long FirstInputFor(long n) => (n * DownFactor / UpFactor) - _halfWidth + 1;

    /// <summary>One past the last input sample output <paramref name="n"/> depends on.</summary>
    internal long EndInputFor(long n) => FirstInputFor(n) + TapsPerPhase;

    /// <summary>One-shot convenience: resamples <paramref name="input"/> from one rate to another.</summary>
    public static float[] Resample(ReadOnlySpan<float> input, int inputRate, int outputRate, ResamplerOptions? options = null) =>
        inputRate == outputRate ? input.ToArray() : new Resampler(inputRate, outputRate, options).Process(input);

    /// <summary>Taps for output samples whose time is <paramref name="phase"/>/L past an input sample, normalised to unit DC gain.</summary>
    void FillTaps(int phase, Span<float> taps)
    {
        double frac = (double)phase / UpFactor;
        double sum = 0;
        var h = new double[taps.Length];
        for (int j = 0; j < taps.Length; j++)
        {
            double t = frac + (_halfWidth - 1 - j); // time from input tap j to the output instant, in input samples
            double u = t / _halfWidth;
            double window = Math.Abs(u) >= 1 ? 0 : SpecialFunctions.BesselI0(_beta * Math.Sqrt(1 - (u * u))) / _i0Beta;
            double x = 2 * _cutoff * t;
            double sinc = Math.Abs(x) < 1e-12 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
            h[j] = 2 * _cutoff * sinc * window;
            sum += h[j];
        }
        for (int j = 0; j < taps.Length; j++) taps[j] = (float)(h[j] / sum);
    }

    static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0;
        float total = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var acc = Vector<float>.Zero;
            ReadOnlySpan<Vector<float>> va = MemoryMarshal.Cast<float, Vector<float>>(a);
            ReadOnlySpan<Vector<float>> vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            int nv = Math.Min(va.Length, vb.Length);
            for (int k = 0; k < nv; k++) acc += va[k] * vb[k];
            total = Vector.Sum(acc);
            i = nv * Vector<float>.Count;
        }
        for (; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }
}
