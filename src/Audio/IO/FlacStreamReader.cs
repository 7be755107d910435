namespace SpeechDisentangle.Audio.IO;

/// <summary>
/// Reads FLAC through the system libsndfile (sf_open / sf_readf_float), which delivers samples normalised to
/// [-1, 1) exactly like the WAV path (int16 s -> s / 32768).
/// </summary>
public sealed class FlacStreamReader : IAudioStreamReader
{
    IntPtr _file;

    /// <summary>Opens a FLAC file; throws <see cref="AudioFormatException"/> if libsndfile1 is not installed.</summary>
    public static FlacStreamReader Open(string path)
    {
        if (!File.Exists(path)) throw new AudioFormatException(path, "audio file not found");
        return new FlacStreamReader(path);
    }

    FlacStreamReader(string path)
    {
        SourcePath = path;
        var info = default(LibSndfile.Info);
        try
        {
            _file = LibSndfile.Open(path, LibSndfile.ModeRead, ref info);
            if (_file == IntPtr.Zero)
                throw new AudioFormatException(path, "libsndfile could not open it as FLAC: " + LibSndfile.LastError(IntPtr.Zero));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new AudioFormatException(path,
                $"reading FLAC needs the native library {LibSndfile.LibraryName}, which could not be loaded; " +
                "install libsndfile1 (apt-get install libsndfile1)", null, e);
        }
        if ((info.Format & LibSndfile.MajorFormatMask) != LibSndfile.FormatFlac)
        {
            LibSndfile.Close(_file);
            _file = IntPtr.Zero;
            throw new AudioFormatException(path, $"libsndfile opened it but as format 0x{info.Format:X8}, not FLAC");
        }
        if (info.Channels <= 0 || info.SampleRate <= 0)
        {
            LibSndfile.Close(_file);
            _file = IntPtr.Zero;
            throw new AudioFormatException(path, $"FLAC stream reports {info.Channels} channel(s) at {info.SampleRate} Hz");
        }
        SampleRate = info.SampleRate;
        ChannelCount = info.Channels;
        TotalFrames = info.Frames;
    }

    /// <inheritdoc/>
    public string SourcePath { get; }

    /// <inheritdoc/>
    public int SampleRate { get; }

    /// <inheritdoc/>
    public int ChannelCount { get; }

    /// <inheritdoc/>
    public long? TotalFrames { get; }

    /// <inheritdoc/>
    public unsafe int ReadFrames(Span<float> interleaved)
    {
        ObjectDisposedException.ThrowIf(_file == IntPtr.Zero, this);
        long frames = interleaved.Length / ChannelCount;
        if (frames == 0) return 0;
        fixed (float* p = interleaved)
        {
            long got = LibSndfile.ReadFramesFloat(_file, p, frames);
            if (got < 0) throw new AudioFormatException(SourcePath, "FLAC decoding failed: " + LibSndfile.LastError(_file));
            return (int)got;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_file == IntPtr.Zero) return;
        LibSndfile.Close(_file);
        _file = IntPtr.Zero;
    }
}
