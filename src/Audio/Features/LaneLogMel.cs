using System.Runtime.Intrinsics;
using D = System.Runtime.Intrinsics.Vector256<double>;
using V = System.Runtime.Intrinsics.Vector256<float>;

namespace SpeechDisentangle.Audio.Features;

/// <summary>
/// The log-mel pipeline on up to eight frames at once, one frame per vector lane: frames are transposed into
/// lanes, then dither, DC removal, pre-emphasis, window, real FFT and power run as vertical double-precision
/// vector operations (two passes of four lanes), and the mel product and log as single-precision ones over all
/// eight (no horizontal sums, no per-frame loops). The FFT stays in double because weak bins 15+ nats below a
/// frame's peak come out of cancellation: in float they drifted 1e-4 from a float64 pipeline. Lanes never mix,
/// so a frame's features are bit-identical whether it is computed alone or with seven others. Not thread-safe.
/// </summary>
internal sealed unsafe class LaneLogMel
{
    /// <summary>Frames per pass.</summary>
    public const int Lanes = LaneTranspose.Lanes;
    private const int Half = LaneFft.Lanes;

    private readonly LogMelOptions _options;
    private readonly MelFilterBank _filterBank;
    private readonly LaneRealFft _fft;
    private readonly AlignedBuffer<double> _window; // includes InputScale unless dither is on (then samples are scaled first)
    private readonly AlignedBuffer<float> _frames; // frame length x 8
    private readonly AlignedBuffer<double> _noise; // dither, frame length x 8 (empty without dither)
    private readonly AlignedBuffer<double> _lowPower; // bins x 4, frames 0-3
    private readonly AlignedBuffer<double> _highPower; // bins x 4, frames 4-7
    private readonly AlignedBuffer<float> _power; // bins x 8
    private readonly AlignedBuffer<float> _mel; // mel bins x 8
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
        _window = new AlignedBuffer<double>(_frameLength);
        for (var i = 0; i < _frameLength; i++)
        {
            // Without dither every step before the window is linear, so the input scale rides on the window.
            _window.Span[i] = _dither ? window[i] : window[i] * options.InputScale;
        }

        _frames = new AlignedBuffer<float>(_frameLength * Lanes);
        _noise = new AlignedBuffer<double>(_dither ? _frameLength * Lanes : 0);
        _lowPower = new AlignedBuffer<double>(_fft.NumBins * Half);
        _highPower = new AlignedBuffer<double>(_fft.NumBins * Half);
        _power = new AlignedBuffer<float>(_fft.NumBins * Lanes);
        _mel = new AlignedBuffer<float>(filterBank.NumBins * Lanes);
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
            DrawDither(count);
        }

        ConditionAndPack((V*)x, upper: false);
        _fft.PowerSpectrum(_lowPower.Pointer);
        if (count > Half)
        {
            ConditionAndPack((V*)x, upper: true);
            _fft.PowerSpectrum(_highPower.Pointer);
        }

        NarrowPower(count > Half);
        _filterBank.ApplyLanes(_power.Pointer, _mel.Pointer);
        GuardedLog();
        LaneTranspose.LanesToRows(_mel.Pointer, _filterBank.NumBins, output, _filterBank.NumBins, count);
        GC.KeepAlive(this);
    }

    // Sample n of frames 0-3 or 4-7 in double; with dither, scaled and plus the noise (null without dither).
    private static D Widen(V* x, int n, bool upper, D* noise, D scale)
    {
        var v = upper ? Vector256.WidenUpper(x[n]) : Vector256.WidenLower(x[n]);
        return noise == null ? v : (v * scale) + noise[(2 * n) + (upper ? 1 : 0)];
    }

    // DC removal, pre-emphasis (x[n] - c x[n-1], x[-1] = x[0], as Kaldi) and window in one pass over four lanes,
    // written into the FFT input: packed (even n to re, odd n to im) for even FFT lengths, zero-padded.
    private void ConditionAndPack(V* x, bool upper)
    {
        var noise = _dither ? (D*)_noise.Pointer : null;
        var scale = Vector256.Create(_options.InputScale);
        var mean = D.Zero;
        if (_options.RemoveDcOffset)
        {
            for (var n = 0; n < _frameLength; n++)
            {
                mean += Widen(x, n, upper, noise, scale);
            }

            mean /= Vector256.Create((double)_frameLength);
        }

        var c = Vector256.Create(_options.Preemphasis);
        var w = _window.Pointer;
        D* re = (D*)_fft.InputRePointer, im = (D*)_fft.InputImPointer;
        int length = _frameLength, fftLength = _fft.Length;
        var previous = Widen(x, 0, upper, noise, scale) - mean;
        if (!_fft.Packed)
        {
            for (var n = 0; n < length; n++)
            {
                var current = Widen(x, n, upper, noise, scale) - mean;
                re[n] = (current - (c * previous)) * Vector256.Create(w[n]);
                im[n] = D.Zero;
                previous = current;
            }

            for (var n = length; n < fftLength; n++)
            {
                re[n] = D.Zero;
                im[n] = D.Zero;
            }

            return;
        }

        var i = 0;
        for (; (2 * i) + 1 < length; i++)
        {
            var even = Widen(x, 2 * i, upper, noise, scale) - mean;
            var odd = Widen(x, (2 * i) + 1, upper, noise, scale) - mean;
            re[i] = (even - (c * previous)) * Vector256.Create(w[2 * i]);
            im[i] = (odd - (c * even)) * Vector256.Create(w[(2 * i) + 1]);
            previous = odd;
        }

        if (2 * i < length)
        {
            re[i] = ((Widen(x, 2 * i, upper, noise, scale) - mean) - (c * previous)) * Vector256.Create(w[2 * i]);
            im[i] = D.Zero;
            i++;
        }

        for (; 2 * i < fftLength; i++)
        {
            re[i] = D.Zero;
            im[i] = D.Zero;
        }
    }

    // Both halves' double powers (raised to Power / 2 where that is not 1) into one float vector per bin.
    private void NarrowPower(bool upper)
    {
        D* low = (D*)_lowPower.Pointer, high = (D*)_highPower.Pointer;
        var p = (V*)_power.Pointer;
        var bins = _fft.NumBins;
        if (_options.Power != 2.0)
        {
            RaisePower(_lowPower.Span[..(bins * Half)]);
            if (upper)
            {
                RaisePower(_highPower.Span[..(bins * Half)]);
            }
        }

        for (var k = 0; k < bins; k++)
        {
            // Lanes 4-7 repeat frame 3 when there are at most four frames (their results are dropped).
            p[k] = Vector256.Narrow(low[k], upper ? high[k] : low[k]);
        }
    }

    private void RaisePower(Span<double> power)
    {
        var half = _options.Power / 2.0;
        for (var i = 0; i < power.Length; i++)
        {
            power[i] = Math.Pow(power[i], half);
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

    private void DrawDither(int count)
    {
        var noise = _noise.Span;
        var dither = _options.Dither;
        for (var l = 0; l < count; l++)
        {
            // Box-Muller on the seeded generator, frame after frame: reproducible across runs.
            for (var n = 0; n < _frameLength; n++)
            {
                var u1 = 1.0 - _ditherRandom.NextDouble();
                var u2 = _ditherRandom.NextDouble();
                noise[(n * Lanes) + l] = dither * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            }
        }
    }
}
