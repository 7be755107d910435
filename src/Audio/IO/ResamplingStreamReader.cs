namespace SpeechDisentangle.Audio.IO;

/// <summary>
/// Wraps a streaming reader and resamples it on the fly with <see cref="Resampler"/>, holding only the filter's
/// reach of input per channel, so long recordings can be resampled in bounded memory. Gives exactly the samples
/// <see cref="Resampler.Process"/> would give for the whole signal.
/// </summary>
public sealed class ResamplingStreamReader : IAudioStreamReader
{
    readonly IAudioStreamReader _inner;
    readonly Resampler _resampler;
    readonly float[] _scratch;
    readonly float[][] _buffer; // per channel: input samples [_bufferStart, _bufferStart + _bufferLength)
    readonly float[] _interleaved;
    long _bufferStart;
    int _bufferLength;
    long _inputTotal;           // input frames read so far
    bool _endOfInput;
    long _nextOutput;

    /// <summary>Resamples <paramref name="inner"/> (which this reader then owns) to <paramref name="targetRate"/>.</summary>
    public ResamplingStreamReader(IAudioStreamReader inner, int targetRate, ResamplerOptions? options = null, int blockFrames = 16384)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockFrames, 1);
        _inner = inner;
        _resampler = new Resampler(inner.SampleRate, targetRate, options);
        _scratch = new float[_resampler.TapsPerPhase];
        _buffer = new float[inner.ChannelCount][];
        for (int c = 0; c < _buffer.Length; c++) _buffer[c] = new float[blockFrames + _resampler.TapsPerPhase];
        _interleaved = new float[blockFrames * inner.ChannelCount];
    }

    /// <inheritdoc/>
    public string SourcePath => _inner.SourcePath;

    /// <inheritdoc/>
    public int SampleRate => _resampler.OutputRate;

    /// <inheritdoc/>
    public int ChannelCount => _inner.ChannelCount;

    /// <inheritdoc/>
    public long? TotalFrames => _inner.TotalFrames is long n ? _resampler.OutputLength(n) : null;

    /// <inheritdoc/>
    public int ReadFrames(Span<float> interleaved)
    {
        int channels = ChannelCount;
        int capacity = interleaved.Length / channels;
        int produced = 0;
        while (produced < capacity)
        {
            if (_endOfInput)
            {
                if (_nextOutput >= _resampler.OutputLength(_inputTotal)) break;
            }
            else if (_resampler.EndInputFor(_nextOutput) > _inputTotal)
            {
                Refill();
                continue;
            }
            for (int c = 0; c < channels; c++)
            {
                interleaved[produced * channels + c] =
                    _resampler.OutputAt(_nextOutput, _buffer[c].AsSpan(0, _bufferLength), _bufferStart, _scratch);
            }
            _nextOutput++;
            produced++;
        }
        return produced;
    }

    /// <summary>Drops input no future output needs, then appends one block from the inner reader.</summary>
    void Refill()
    {
        long keepFrom = Math.Clamp(_resampler.FirstInputFor(_nextOutput), _bufferStart, _bufferStart + _bufferLength);
        int drop = (int)(keepFrom - _bufferStart);
        if (drop > 0)
        {
            foreach (float[] ch in _buffer) Array.Copy(ch, drop, ch, 0, _bufferLength - drop);
            _bufferLength -= drop;
            _bufferStart = keepFrom;
        }
        int n = _inner.ReadFrames(_interleaved);
        if (n == 0)
        {
            _endOfInput = true;
            return;
        }
        if (_bufferLength + n > _buffer[0].Length)
        {
            for (int c = 0; c < _buffer.Length; c++) Array.Resize(ref _buffer[c], _bufferLength + n);
        }
        int channels = _buffer.Length;
        for (int c = 0; c < channels; c++)
        {
            float[] dst = _buffer[c];
            for (int i = 0; i < n; i++) dst[_bufferLength + i] = _interleaved[i * channels + c];
        }
        _bufferLength += n;
        _inputTotal += n;
    }

    /// <inheritdoc/>
    public void Dispose() => _inner.Dispose();
}
