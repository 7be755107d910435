using System.Runtime.Intrinsics;

namespace SpeechDisentangle.Audio.Features;

/// <summary>
/// Log-mel features of one frame at a time, plus one-shot extraction of a whole signal (built on
/// <see cref="LogMelStream"/>). Buffers are allocated once and reused, so an instance is NOT thread-safe:
/// use one per thread (the options and <see cref="MelFilterBank"/> are immutable and may be shared).
/// </summary>
public sealed class LogMelExtractor
{
    private readonly LogMelOptions _options;
    private readonly double[] _window;
    private readonly double[] _scaledWindow;
    private readonly double[] _frame;
    private readonly double[] _spectrum;
    private readonly double[] _mel;
    private readonly RealFft _fft;
    private Random _ditherRandom;

    /// <summary>Validates the options and precomputes window, FFT plan and filters.</summary>
    public LogMelExtractor(LogMelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        FrameLength = options.FrameLength;
        FrameShift = options.FrameShift;
        FftLength = options.FftLength;
        _window = Windows.Create(options.Window, FrameLength, options.PeriodicWindow);
        _scaledWindow = [.. _window.Select(w => w * options.InputScale)];
        _frame = new double[FftLength];
        _fft = new RealFft(FftLength);
        _spectrum = new double[_fft.NumBins];
        FilterBank = MelFilterBank.Create(options);
        _mel = new double[FilterBank.NumBins];
        _ditherRandom = new Random(options.DitherSeed);
    }

    /// <summary>The options in use.</summary>
    public LogMelOptions Options => _options;

    /// <summary>Output dimension (number of mel bins).</summary>
    public int NumBins => _mel.Length;

    /// <summary>Frame length in samples.</summary>
    public int FrameLength { get; }

    /// <summary>Frame shift in samples.</summary>
    public int FrameShift { get; }

    /// <summary>FFT length in samples.</summary>
    public int FftLength { get; }

    /// <summary>The mel filters in use.</summary>
    public MelFilterBank FilterBank { get; }

    /// <summary>Number of frames a signal of <paramref name="numSamples"/> samples yields.</summary>
    public long FrameCount(long numSamples) => Framing.FrameCount(_options, numSamples);

    /// <summary>Features of a whole signal as a row-major (frames x <see cref="NumBins"/>) array.</summary>
    public float[] Compute(ReadOnlySpan<float> samples)
    {
        var output = new float[checked((int)FrameCount(samples.Length) * NumBins)];
        var written = Compute(samples, output);
        return written * NumBins == output.Length
            ? output
            : throw new InvalidOperationException($"Expected {output.Length / NumBins} frames, produced {written}.");
    }

    /// <summary>Writes the features of a whole signal into <paramref name="output"/>; returns the frame count.</summary>
    public int Compute(ReadOnlySpan<float> samples, Span<float> output)
    {
        var needed = FrameCount(samples.Length) * NumBins;
        if (output.Length < needed)
        {
            throw new ArgumentException($"Output holds {output.Length} floats; {needed} needed.", nameof(output));
        }

        // Push in blocks so the stream's buffer stays small however long the signal is.
        const int Block = 1 << 16;
        var stream = new LogMelStream(this);
        var frames = 0;
        for (var start = 0; start < samples.Length; start += Block)
        {
            var chunk = samples.Slice(start, Math.Min(Block, samples.Length - start));
            frames += stream.Push(chunk, output[(frames * NumBins)..]);
        }

        frames += stream.Finish(output[(frames * NumBins)..]);
        return frames;
    }

    /// <summary>Opens a streaming session on this extractor (restarts the dither sequence).</summary>
    public LogMelStream OpenStream() => new(this);

    internal void ResetDither() => _ditherRandom = new Random(_options.DitherSeed);

    /// <summary>
    /// Features of one frame of exactly <see cref="FrameLength"/> samples (in [-1, 1); scaled by InputScale).
    /// Order as torchaudio's kaldi.fbank: dither, DC removal, pre-emphasis, window, zero-pad, |FFT|^power, mel, log.
    /// </summary>
    public void ComputeFrame(ReadOnlySpan<float> frame, Span<float> output)
    {
        if (frame.Length != FrameLength)
        {
            throw new ArgumentException($"Frame has {frame.Length} samples; expected {FrameLength}.", nameof(frame));
        }

        if (output.Length < NumBins)
        {
            throw new ArgumentException($"Output holds {output.Length} floats; {NumBins} needed.", nameof(output));
        }

        var x = _frame.AsSpan(0, FrameLength);
        var dither = _options.Dither > 0;
        Widen(frame, x, dither ? _options.InputScale : 1.0);
        if (dither)
        {
            AddDither(x, _options.Dither);
        }

        if (_options.RemoveDcOffset)
        {
            RemoveMean(x);
        }

        if (_options.Preemphasis != 0)
        {
            Preemphasize(x, _options.Preemphasis);
        }

        // Without dither every step is linear, so the input scale rides on the window.
        Multiply(x, dither ? _window : _scaledWindow);
        _frame.AsSpan(FrameLength).Clear();
        _fft.PowerSpectrum(_frame, _spectrum);
        if (_options.Power != 2.0)
        {
            var half = _options.Power / 2.0;
            for (var k = 0; k < _spectrum.Length; k++)
            {
                _spectrum[k] = Math.Pow(_spectrum[k], half);
            }
        }

        FilterBank.Apply(_spectrum, _mel);
        GuardedLog(_mel, output, _options.LogEpsilon, _options.LogGuard == LogGuard.Floor);
    }

    // ln(max(x, eps)) or ln(x + eps), eight values at a time where the CPU has 256-bit vectors.
    private static void GuardedLog(ReadOnlySpan<double> mel, Span<float> output, double eps, bool floor)
    {
        var b = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var epsVector = Vector256.Create(eps);
            const int Step = 2 * 4;
            for (; b + Step <= mel.Length; b += Step)
            {
                var lo = Vector256.Create(mel.Slice(b, 4));
                var hi = Vector256.Create(mel.Slice(b + 4, 4));
                lo = Vector256.Log(floor ? Vector256.Max(lo, epsVector) : lo + epsVector);
                hi = Vector256.Log(floor ? Vector256.Max(hi, epsVector) : hi + epsVector);
                Vector256.Narrow(lo, hi).CopyTo(output.Slice(b, Step));
            }
        }

        for (; b < mel.Length; b++)
        {
            output[b] = (float)Math.Log(floor ? Math.Max(mel[b], eps) : mel[b] + eps);
        }
    }

    // x[i] = frame[i] * scale, widening float to double.
    private static void Widen(ReadOnlySpan<float> frame, Span<double> x, double scale)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(scale);
            for (; i + 8 <= frame.Length; i += 8)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Create(frame.Slice(i, 8)));
                (lo * s).CopyTo(x.Slice(i, 4));
                (hi * s).CopyTo(x.Slice(i + 4, 4));
            }
        }

        for (; i < frame.Length; i++)
        {
            x[i] = frame[i] * scale;
        }
    }

    private static void RemoveMean(Span<double> x)
    {
        var i = 0;
        var sum = 0.0;
        if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<double>.Zero;
            for (; i + 4 <= x.Length; i += 4)
            {
                acc += Vector256.Create(x.Slice(i, 4));
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < x.Length; i++)
        {
            sum += x[i];
        }

        var mean = sum / x.Length;
        i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var m = Vector256.Create(mean);
            for (; i + 4 <= x.Length; i += 4)
            {
                (Vector256.Create(x.Slice(i, 4)) - m).CopyTo(x.Slice(i, 4));
            }
        }

        for (; i < x.Length; i++)
        {
            x[i] -= mean;
        }
    }

    // x[i] -= c x[i - 1] with x[-1] = x[0] (Kaldi); walks down so every read sees an unmodified sample.
    private static void Preemphasize(Span<double> x, double c)
    {
        var i = x.Length - 4;
        if (Vector256.IsHardwareAccelerated)
        {
            var cv = Vector256.Create(c);
            for (; i >= 1; i -= 4)
            {
                (Vector256.Create(x.Slice(i, 4)) - (cv * Vector256.Create(x.Slice(i - 1, 4)))).CopyTo(x.Slice(i, 4));
            }
        }

        for (i += 3; i > 0; i--)
        {
            x[i] -= c * x[i - 1];
        }

        x[0] -= c * x[0];
    }

    // x[i] *= w[i].
    private static void Multiply(Span<double> x, ReadOnlySpan<double> w)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 4 <= x.Length; i += 4)
            {
                (Vector256.Create(x.Slice(i, 4)) * Vector256.Create(w.Slice(i, 4))).CopyTo(x.Slice(i, 4));
            }
        }

        for (; i < x.Length; i++)
        {
            x[i] *= w[i];
        }
    }

    private void AddDither(Span<double> x, double dither)
    {
        // Box-Muller on the seeded generator: reproducible across runs.
        for (var i = 0; i < x.Length; i++)
        {
            var u1 = 1.0 - _ditherRandom.NextDouble();
            var u2 = _ditherRandom.NextDouble();
            x[i] += dither * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }
    }
}
