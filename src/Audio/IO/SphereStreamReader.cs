namespace SpeechDisentangle.Audio.IO;

/// <summary>Streaming reader for uncompressed PCM NIST SPHERE files (e.g. TIMIT).</summary>
public sealed class SphereStreamReader : IAudioStreamReader
{
    // As many as a WAV file can hold; real SPHERE corpora have one or two.
    const int MaxChannels = 65535;

    readonly Stream _stream;
    readonly AudioReadOptions _options;
    readonly bool _bigEndian;
    readonly int _bytesPerSample;
    byte[] _bytes = [];
    long _remainingBytes;

    /// <summary>Opens a SPHERE file and validates its header.</summary>
    /// <exception cref="AudioFormatException">The file is missing, or its header is damaged, truncated or unsupported.</exception>
    public static SphereStreamReader Open(string path, AudioReadOptions? options = null)
    {
        FileStream fs = AudioReader.OpenFile(path);
        try
        {
            return new SphereStreamReader(fs, path, options);
        }
        catch
        {
            fs.Dispose();
            throw;
        }
    }

    SphereStreamReader(FileStream stream, string path, AudioReadOptions? options)
    {
        _stream = stream;
        _options = options ?? AudioReadOptions.Default;
        SourcePath = path;
        Header = SphereHeader.Read(stream, path);
        string coding = Header.Coding.ToLowerInvariant();
        if (coding.Contains("shorten", StringComparison.Ordinal))
        {
            throw new AudioFormatException(path,
                $"SPHERE sample_coding is \"{Header.Coding}\" (shorten-compressed), which is not supported; " +
                "decompress it first, e.g. with a wav.scp entry \"sph2pipe -f wav <file> |\" (and allowPipes)");
        }
        if (coding != "pcm")
            throw new AudioFormatException(path, $"unsupported SPHERE sample_coding \"{Header.Coding}\"; only pcm is supported");
        if (Header.SampleRate <= 0) throw new AudioFormatException(path, "SPHERE header lacks a positive sample_rate");
        if (Header.Channels is <= 0 or > MaxChannels)
            throw new AudioFormatException(path, $"SPHERE channel_count {Header.Channels} is not between 1 and {MaxChannels}");
        _bytesPerSample = Header.BytesPerSample;
        if (_bytesPerSample is < 1 or > 4)
            throw new AudioFormatException(path, $"unsupported SPHERE sample_n_bytes {_bytesPerSample} (supported: 1 to 4)");
        _bigEndian = ParseByteOrder(Header.ByteFormat, _bytesPerSample, path);

        int frameBytes = _bytesPerSample * Header.Channels;
        long available = stream.Length - stream.Position;
        long present = available / frameBytes;
        long frames = Header.SampleCount ?? present;
        if (frames < 0) throw new AudioFormatException(path, $"SPHERE sample_count {frames} is negative");
        // Compared in frames, not bytes: a huge sample_count times the frame size would overflow.
        if (frames > present)
        {
            string problem = $"SPHERE sample_count {frames} needs {(Int128)frames * frameBytes} bytes of samples but only {available} follow the header";
            if (_options.TruncatedData == TruncatedDataPolicy.Error)
                throw new AudioFormatException(path, problem, null, AudioReadSetting.TruncatedData);
            _options.Warn($"{path}: {problem}; reading the whole frames present");
            frames = present;
        }
        _remainingBytes = frames * frameBytes;
        TotalFrames = frames;
    }

    static bool ParseByteOrder(string? format, int bytesPerSample, string path)
    {
        if (bytesPerSample == 1 || format is null) return false;
        string ascending = string.Concat(Enumerable.Range(0, bytesPerSample).Select(i => (char)('0' + i)));
        string descending = new([.. ascending.Reverse()]);
        if (format == ascending) return false;
        if (format == descending) return true;
        throw new AudioFormatException(path,
            $"unsupported SPHERE sample_byte_format \"{format}\" for {bytesPerSample}-byte samples (expected \"{ascending}\" or \"{descending}\")");
    }

    /// <summary>The parsed header.</summary>
    public SphereHeader Header { get; }

    /// <inheritdoc/>
    public string SourcePath { get; }

    /// <inheritdoc/>
    public int SampleRate => Header.SampleRate;

    /// <inheritdoc/>
    public int ChannelCount => Header.Channels;

    /// <inheritdoc/>
    public long? TotalFrames { get; }

    /// <inheritdoc/>
    public int ReadFrames(Span<float> interleaved)
    {
        int frameBytes = _bytesPerSample * ChannelCount;
        long frames = Math.Min(interleaved.Length / ChannelCount, _remainingBytes / frameBytes);
        if (frames <= 0) return 0;
        int want = (int)frames * frameBytes;
        if (_bytes.Length < want) _bytes = new byte[want];
        int got = StreamHelpers.ReadUpTo(_stream, _bytes.AsSpan(0, want));
        int whole = got / frameBytes;
        _remainingBytes = got < want ? 0 : _remainingBytes - got;
        PcmDecoder.Decode(_bytes.AsSpan(0, whole * frameBytes), interleaved, WavSampleEncoding.Pcm, _bytesPerSample, _bigEndian, unsigned8: false);
        return whole;
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();
}
