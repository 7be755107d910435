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

        var stream = new LogMelStream(this);
        var frames = stream.Push(samples, output);
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
        var scale = _options.InputScale;
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = frame[i] * scale;
        }

        if (_options.Dither > 0)
        {
            AddDither(x, _options.Dither);
        }

        if (_options.RemoveDcOffset)
        {
            var mean = 0.0;
            foreach (var v in x)
            {
                mean += v;
            }

            mean /= x.Length;
            for (var i = 0; i < x.Length; i++)
            {
                x[i] -= mean;
            }
        }

        var c = _options.Preemphasis;
        if (c != 0)
        {
            for (var i = x.Length - 1; i > 0; i--)
            {
                x[i] -= c * x[i - 1];
            }

            x[0] -= c * x[0];
        }

        var w = _window;
        for (var i = 0; i < x.Length; i++)
        {
            x[i] *= w[i];
        }

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
        var eps = _options.LogEpsilon;
        if (_options.LogGuard == LogGuard.Floor)
        {
            for (var b = 0; b < _mel.Length; b++)
            {
                output[b] = (float)Math.Log(Math.Max(_mel[b], eps));
            }
        }
        else
        {
            for (var b = 0; b < _mel.Length; b++)
            {
                output[b] = (float)Math.Log(_mel[b] + eps);
            }
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
