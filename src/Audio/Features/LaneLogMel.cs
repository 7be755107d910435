using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<float>;

namespace SpeechDisentangle.Audio.Features;

/// <summary>
/// The log-mel pipeline on up to eight frames at once in single precision, one frame per vector lane: frames are
/// transposed into lanes, then dither, DC removal, pre-emphasis, window, real FFT, power, mel product and log
/// are all vertical vector operations (no horizontal sums, no per-frame loops). Lanes never mix, so a frame's
/// features are bit-identical whether it is computed alone or with seven others. Not thread-safe.
/// </summary>
internal sealed unsafe class LaneLogMel
{
    private const int Lanes = LaneFft.Lanes;
    private readonly LogMelOptions _options;
    private readonly MelFilterBank _filterBank;
    private readonly LaneRealFft _fft;
    private readonly AlignedFloats _window; // includes InputScale unless dither is on (then samples are scaled first)
    private readonly AlignedFloats _frames; // frame length x 8
    private readonly AlignedFloats _power; // bins x 8
    private readonly AlignedFloats _mel; // mel bins x 8
    private readonly int _frameLength;
    private readonly bool _dither;
    private Random _ditherRandom;

    public LaneLogMel(LogMelOptions options, MelFilterBank filterBank)
    {
        _options = options;
        _filterBank = filterBank;
        _frameLength = options.FrameLength;
        _dither = options.Dither > 0;
        _fft = new LaneRealFft(options.FftLength);
        var window = Windows.Create(options.Window, _frameLength, options.PeriodicWindow);
        _window = new AlignedFloats(_frameLength);
        for (var i = 0; i < _frameLength; i++)
        {
            // Without dither every step before the window is linear, so the input scale rides on the window.
            _window.Span[i] = (float)(_dither ? window[i] : window[i] * options.InputScale);
        }

        _frames = new AlignedFloats(_frameLength * Lanes);
        _power = new AlignedFloats(_fft.NumBins * Lanes);
        _mel = new AlignedFloats(filterBank.NumBins * Lanes);
        _ditherRandom = new Random(options.DitherSeed);
    }

    /// <summary>Restarts the dither sequence.</summary>
    public void ResetDither() => _ditherRandom = new Random(_options.DitherSeed);

    /// <summary>
    /// Features of <paramref name="count"/> (1..8) frames of frame-length samples starting at first + t * shift,
    /// written row-major (count x mel bins) to <paramref name="output"/>. Dither is drawn frame by frame in order.
    /// </summary>
    public void Compute(float* first, int shift, int count, float* output)
    {
        var x = _frames.Pointer;
        LaneTranspose.RowsToLanes(first, shift, count, _frameLength, x);
        if (_dither)
        {
            AddDither(x, count);
        }

        ConditionAndPack((V*)x);
        _fft.PowerSpectrum(_power.Pointer);
        if (_options.Power != 2.0)
        {
            RaisePower();
        }

        _filterBank.ApplyLanes(_power.Pointer, _mel.Pointer);
        GuardedLog();
        LaneTranspose.LanesToRows(_mel.Pointer, _filterBank.NumBins, output, _filterBank.NumBins, count);
        GC.KeepAlive(this);
    }

    // DC removal, pre-emphasis (x[n] - c x[n-1], x[-1] = x[0], as Kaldi) and window in one pass, written into the
    // FFT input: packed (even n to re, odd n to im) for even FFT lengths, and zero-padded to the FFT length.
    private void ConditionAndPack(V* x)
    {
        var mean = V.Zero;
        if (_options.RemoveDcOffset)
        {
            for (var n = 0; n < _frameLength; n++)
            {
                mean += x[n];
            }

            mean /= Vector256.Create((float)_frameLength);
        }

        var c = Vector256.Create((float)_options.Preemphasis);
        var w = _window.Pointer;
        V* re = (V*)_fft.InputRePointer, im = (V*)_fft.InputImPointer;
        int length = _frameLength, fftLength = _fft.Length;
        var previous = x[0] - mean;
        if (!_fft.Packed)
        {
            for (var n = 0; n < length; n++)
            {
                var current = x[n] - mean;
                re[n] = (current - (c * previous)) * Vector256.Create(w[n]);
                im[n] = V.Zero;
                previous = current;
            }

            for (var n = length; n < fftLength; n++)
            {
                re[n] = V.Zero;
                im[n] = V.Zero;
            }

            return;
        }

        var i = 0;
        for (; (2 * i) + 1 < length; i++)
        {
            var even = x[2 * i] - mean;
            var odd = x[(2 * i) + 1] - mean;
            re[i] = (even - (c * previous)) * Vector256.Create(w[2 * i]);
            im[i] = (odd - (c * even)) * Vector256.Create(w[(2 * i) + 1]);
            previous = odd;
        }

        if (2 * i < length)
        {
            re[i] = ((x[2 * i] - mean) - (c * previous)) * Vector256.Create(w[2 * i]);
            im[i] = V.Zero;
            i++;
        }

        for (; 2 * i < fftLength; i++)
        {
            re[i] = V.Zero;
            im[i] = V.Zero;
        }
    }

    private void RaisePower()
    {
        var half = _options.Power / 2.0;
        var p = _power.Span;
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = (float)Math.Pow(p[i], half);
        }
    }

    // ln(max(x, eps)) or ln(x + eps).
    private void GuardedLog()
    {
        var m = (V*)_mel.Pointer;
        var eps = Vector256.Create((float)_options.LogEpsilon);
        var floor = _options.LogGuard == LogGuard.Floor;
        for (var b = 0; b < _filterBank.NumBins; b++)
        {
            m[b] = Vector256.Log(floor ? Vector256.Max(m[b], eps) : m[b] + eps);
        }
    }

    private void AddDither(float* x, int count)
    {
        var scale = _options.InputScale;
        var dither = _options.Dither;
        for (var l = 0; l < count; l++)
        {
            // Box-Muller on the seeded generator: reproducible across runs.
            for (var n = 0; n < _frameLength; n++)
            {
                var u1 = 1.0 - _ditherRandom.NextDouble();
                var u2 = _ditherRandom.NextDouble();
                var i = (n * Lanes) + l;
                x[i] = (float)((x[i] * scale) + (dither * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2)));
            }
        }
    }
}
