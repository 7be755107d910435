using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Features;

/// <summary>
/// Log-mel features of one frame at a time, plus one-shot extraction of a whole signal (built on
/// <see cref="LogMelStream"/>). Up to eight frames are computed per pass, one frame per SIMD lane (window, FFT
/// and power in double precision, mel product and log in single); a frame's features are the same bits however
/// it is computed (alone, in a batch, streamed). Buffers are allocated once and reused, so an instance is NOT thread-safe: use one per thread
/// (the options and <see cref="MelFilterBank"/> are immutable and may be shared).
/// </summary>
public sealed class LogMelExtractor
{
    private readonly LogMelOptions _options;
    private readonly LaneLogMel _lanes;

    /// <summary>Validates the options and precomputes window, FFT plan and filters.</summary>
    public LogMelExtractor(LogMelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        FrameLength = options.FrameLength;
        FrameShift = options.FrameShift;
        FftLength = options.FftLength;
        FilterBank = MelFilterBank.Create(options);
        _lanes = new LaneLogMel(options, FilterBank);
    }

    /// <summary>The options in use.</summary>
    public LogMelOptions Options => _options;

    /// <summary>Output dimension (number of mel bins).</summary>
    public int NumBins => FilterBank.NumBins;

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

    /// <summary>The fewest samples that give a frame (<see cref="LogMelOptions.MinimumSamples"/>).</summary>
    public int MinimumSamples => _options.MinimumSamples;

    /// <summary>
    /// Features of a whole signal as a row-major (frames x <see cref="NumBins"/>) array. Throws
    /// <see cref="AudioTooShortException"/> for a signal shorter than one frame and <see cref="ArgumentException"/> for
    /// NaN or infinite samples.
    /// </summary>
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

    internal void ResetDither() => _lanes.ResetDither();

    /// <summary>
    /// Features of one frame of exactly <see cref="FrameLength"/> samples (in [-1, 1); scaled by InputScale).
    /// Order as torchaudio's kaldi.fbank: dither, DC removal, pre-emphasis, window, zero-pad, |FFT|^power, mel, log.
    /// Bit-identical to the same frame's row from <see cref="Compute(ReadOnlySpan{float}, Span{float})"/>.
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

        ComputeFrames(frame, 1, output);
    }

    /// <summary>
    /// Features of <paramref name="count"/> consecutive frames, frame t starting at t * <see cref="FrameShift"/>
    /// in <paramref name="samples"/>, row-major into <paramref name="output"/>; eight frames per vector pass.
    /// </summary>
    internal unsafe void ComputeFrames(ReadOnlySpan<float> samples, int count, Span<float> output)
    {
        if (count <= 0)
        {
            return;
        }

        if (samples.Length < ((long)(count - 1) * FrameShift) + FrameLength || output.Length < (long)count * NumBins)
        {
            throw new ArgumentException($"{count} frames need {((long)(count - 1) * FrameShift) + FrameLength} samples and "
                + $"{(long)count * NumBins} output floats; got {samples.Length} and {output.Length}.");
        }

        fixed (float* input = samples, features = output)
        {
            for (var t = 0; t < count; t += LaneLogMel.Lanes)
            {
                var lanes = Math.Min(LaneLogMel.Lanes, count - t);
                _lanes.Compute(input + ((long)t * FrameShift), FrameShift, lanes, features + ((long)t * NumBins));
            }
        }
    }
}
