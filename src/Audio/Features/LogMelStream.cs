namespace SpeechDisentangle.Audio.Features;

/// <summary>
/// Streaming log-mel: push samples chunk by chunk, get finished frames out, then <see cref="Finish"/> to emit
/// the frames that need the end of the signal (right padding). Memory stays bounded by frame length + chunk
/// size, so hour-long inputs are fine. Output is identical to one-shot <see cref="LogMelExtractor.Compute(ReadOnlySpan{float})"/>.
/// Not thread-safe; it uses its extractor's buffers, so run one stream per extractor at a time.
/// </summary>
public sealed class LogMelStream
{
    private readonly LogMelExtractor _extractor;
    private readonly LogMelOptions _options;
    private readonly int _leftPad;
    private readonly int _length;
    private readonly int _shift;
    private float[] _buffer; // padded signal from padded index _bufferStart
    private long _bufferStart;
    private int _bufferCount;
    private long _received;
    private long _nextFrame;
    private bool _leftPadDone;
    private bool _finished;

    /// <summary>Starts a stream on the given extractor (restarts its dither sequence).</summary>
    public LogMelStream(LogMelExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        _extractor = extractor;
        _options = extractor.Options;
        _leftPad = Framing.LeftPad(_options);
        _length = extractor.FrameLength;
        _shift = extractor.FrameShift;
        _buffer = new float[Math.Max(1024, 4 * _length)];
        Reset();
    }

    /// <summary>Output dimension.</summary>
    public int NumBins => _extractor.NumBins;

    /// <summary>Samples pushed so far.</summary>
    public long SamplesReceived => _received;

    /// <summary>Frames emitted so far.</summary>
    public long FramesEmitted => _nextFrame;

    /// <summary>Samples currently held (for tests of bounded memory).</summary>
    internal int BufferedSamples => _bufferCount;

    /// <summary>Forgets all samples and starts a new signal.</summary>
    public void Reset()
    {
        _bufferStart = 0;
        _bufferCount = _leftPad; // the left pad is filled in once enough samples arrived
        _received = 0;
        _nextFrame = 0;
        _leftPadDone = _leftPad == 0;
        _finished = false;
        _extractor.ResetDither();
    }

    /// <summary>How many frames a <see cref="Push"/> of <paramref name="chunkLength"/> more samples will emit.</summary>
    public int FramesReadyAfter(int chunkLength)
    {
        var received = _received + chunkLength;
        if (_finished || !(_leftPadDone || received > _leftPad))
        {
            return 0;
        }

        var available = _leftPad + received - _length;
        return available < 0 ? 0 : (int)((available / _shift) + 1 - _nextFrame);
    }

    /// <summary>Frames that <see cref="Finish"/> will emit now.</summary>
    public int FramesAtFinish => _finished ? 0 : (int)(Framing.FrameCount(_options, _received) - _nextFrame);

    /// <summary>
    /// Appends samples (in [-1, 1)) and writes every frame that is now complete into <paramref name="output"/>
    /// (row-major, <see cref="NumBins"/> per frame); returns the number of frames written.
    /// </summary>
    public int Push(ReadOnlySpan<float> samples, Span<float> output)
    {
        if (_finished)
        {
            throw new InvalidOperationException("The stream is finished; call Reset() to start a new signal.");
        }

        CheckRoom(FramesReadyAfter(samples.Length), output.Length);
        var bad = Common.FiniteSamples.IndexOfNonFinite(samples);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"Sample {_received + bad} is {Common.FiniteSamples.Describe(samples[bad])}; log-mel features of non-finite audio would be NaN.",
                nameof(samples));
        }

        Append(samples);
        _received += samples.Length;
        if (!_leftPadDone && _received > _leftPad)
        {
            FillLeftPad();
        }

        var frames = _leftPadDone ? EmitWhile(_leftPad + _received, output) : 0;
        Compact();
        return frames;
    }

    /// <summary>
    /// Ends the signal: emits the remaining frames (using right padding where the mode has it). Throws
    /// <see cref="AudioTooShortException"/> when the whole signal is shorter than one frame.
    /// </summary>
    public int Finish(Span<float> output)
    {
        if (_finished)
        {
            return 0;
        }

        if (_received < _options.MinimumSamples)
        {
            throw new AudioTooShortException(_received, _options);
        }

        var total = Framing.FrameCount(_options, _received);
        var remaining = (int)(total - _nextFrame);
        CheckRoom(remaining, output.Length);
        if (remaining > 0)
        {
            if (!_leftPadDone)
            {
                FillLeftPad();
            }

            var end = ((total - 1) * _shift) + _length;
            var rightPad = (int)(end - (_leftPad + _received));
            Span<float> one = stackalloc float[1];
            for (var j = 0; j < rightPad; j++)
            {
                var raw = Framing.Reflect(_options, _received + j, _received);
                one[0] = _buffer[_leftPad + raw - _bufferStart];
                Append(one);
            }

            EmitWhile(end, output);
        }

        _finished = true;
        return remaining;
    }

    private void CheckRoom(int frames, int outputLength)
    {
        if ((long)frames * NumBins > outputLength)
        {
            throw new ArgumentException(
                $"Output holds {outputLength} floats but {frames} frames x {NumBins} bins = {(long)frames * NumBins} are ready.");
        }
    }

    private int EmitWhile(long paddedEnd, Span<float> output)
    {
        // Every frame that ends by paddedEnd, in one call so the extractor can run eight at a time.
        var ready = paddedEnd < _length ? 0 : (int)(((paddedEnd - _length) / _shift) + 1 - _nextFrame);
        if (ready <= 0)
        {
            return 0;
        }

        var start = (int)((_nextFrame * _shift) - _bufferStart);
        var samples = ((ready - 1) * _shift) + _length;
        _extractor.ComputeFrames(_buffer.AsSpan(start, samples), ready, output[..(ready * NumBins)]);
        _nextFrame += ready;
        return ready;
    }

    private void FillLeftPad()
    {
        // Still at the start: nothing was dropped, buffer index = padded index.
        for (var i = 0; i < _leftPad; i++)
        {
            _buffer[i] = _buffer[_leftPad + Framing.Reflect(_options, i - _leftPad, _received)];
        }

        _leftPadDone = true;
    }

    private void Append(ReadOnlySpan<float> samples)
    {
        if (_bufferCount + samples.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _bufferCount + samples.Length));
        }

        samples.CopyTo(_buffer.AsSpan(_bufferCount));
        _bufferCount += samples.Length;
    }

    private void Compact()
    {
        if (!_leftPadDone)
        {
            return;
        }

        // Keep from the next frame's start, and at least the last frame-length + 1 samples for the right mirror.
        var keepFrom = Math.Min(_nextFrame * _shift, _bufferStart + _bufferCount - (_length + 1));
        var drop = (int)Math.Max(0, keepFrom - _bufferStart);
        if (drop == 0)
        {
            return;
        }

        _buffer.AsSpan(drop, _bufferCount - drop).CopyTo(_buffer);
        _bufferCount -= drop;
        _bufferStart += drop;
    }
}
