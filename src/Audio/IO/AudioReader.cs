using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.IO;

/// <summary>
/// The entry point for audio input: WAV, FLAC and NIST SPHERE files recognised by content, and Kaldi-style piped
/// commands ("cmd ... |") when pipes are explicitly allowed.
/// </summary>
public static class AudioReader
{
    const int MaxUpFrontSamples = 1 << 22;
    const int MaxBlockSamples = 1 << 20;

    /// <summary>
    /// Reads a whole file (or, with <see cref="AudioReadOptions.AllowPipes"/>, a "cmd |" pipe) into memory, then applies
    /// <see cref="AudioReadOptions.Scale"/> and <see cref="AudioReadOptions.TargetSampleRate"/>.
    /// </summary>
    /// <exception cref="AudioFormatException">The input is missing, damaged, unsupported or empty.</exception>
    public static AudioData Read(string path, AudioReadOptions? options = null)
    {
        options ??= AudioReadOptions.Default;
        options.Validate();
        using IAudioStreamReader reader = Open(path, options);
        return ReadAll(reader, options);
    }

    /// <summary>
    /// Reads the value of a Kaldi wav.scp line: a file path, or a command ending in "|" whose stdout is WAV.
    /// Commands run only when <paramref name="allowPipes"/> is true.
    /// </summary>
    public static AudioData ReadWavScpEntry(string rxSpecifier, bool allowPipes, AudioReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rxSpecifier);
        string spec = rxSpecifier.Trim();
        if (spec.Length == 0) throw new AudioFormatException(rxSpecifier, "empty wav.scp entry");
        if (spec == "-") throw new AudioFormatException(spec, "reading audio from standard input (\"-\") is not supported");
        return Read(spec, (options ?? AudioReadOptions.Default) with { AllowPipes = allowPipes });
    }

    /// <summary>True when <paramref name="rxSpecifier"/> is a Kaldi pipe command (ends with "|").</summary>
    public static bool IsPipe(string rxSpecifier) => rxSpecifier.TrimEnd().EndsWith('|');

    /// <summary>
    /// Opens a streaming reader (samples in [-1, 1), native rate) for a file or, when allowed, a pipe command.
    /// Use it to process long recordings a block at a time.
    /// </summary>
    public static IAudioStreamReader Open(string path, AudioReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= AudioReadOptions.Default;
        if (IsPipe(path))
        {
            if (!options.AllowPipes)
            {
                throw new AudioFormatException(path,
                    "this is a piped command (it ends with \"|\") and running commands is disabled", null, AudioReadSetting.AllowPipes);
            }
            return new PipeWavReader(path, options);
        }
        return Detect(path) switch
        {
            AudioContainer.Wav => WavStreamReader.Open(path, options),
            AudioContainer.Flac => FlacStreamReader.Open(path),
            AudioContainer.Sphere => SphereStreamReader.Open(path, options),
            _ => throw NotAudio(path),
        };
    }

    /// <summary>The container of a file, from its first bytes.</summary>
    public static AudioContainer Detect(string path)
    {
        using FileStream fs = OpenFile(path);
        Span<byte> head = stackalloc byte[12];
        int got = StreamHelpers.ReadUpTo(fs, head);
        if (got == 0) throw new AudioFormatException(path, "the file is empty (0 bytes)");
        return AudioContainerDetector.Detect(head[..got]);
    }

    /// <summary>Reads every remaining frame of <paramref name="reader"/>, then scales and resamples per options.</summary>
    public static AudioData ReadAll(IAudioStreamReader reader, AudioReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= AudioReadOptions.Default;
        options.Validate();
        int channels = reader.ChannelCount;
        long? expected = reader.TotalFrames;
        if (expected > Array.MaxLength)
            throw new AudioFormatException(reader.SourcePath, $"{expected} frames are too many to load at once; stream it with AudioReader.Open");

        // A declared length is a hint: where it cannot be checked against the bytes that follow (a pipe), a damaged
        // header must not reserve gigabytes, so allocate for at most MaxUpFrontSamples and grow as samples arrive.
        int blockFrames = Math.Max(1, Math.Min(options.BlockFrames, MaxBlockSamples / channels));
        int capacity = (int)Math.Min(expected ?? blockFrames, Math.Max(1, MaxUpFrontSamples / channels));
        var planar = new float[channels][];
        for (int c = 0; c < channels; c++) planar[c] = new float[capacity];
        var block = new float[blockFrames * channels];
        int total = 0;
        int n;
        while ((n = reader.ReadFrames(block)) > 0)
        {
            if (total + (long)n > capacity)
            {
                capacity = (int)Math.Min(Array.MaxLength, Math.Max(total + (long)n, 2L * capacity));
                for (int c = 0; c < channels; c++) Array.Resize(ref planar[c], capacity);
            }
            Deinterleave(block.AsSpan(0, n * channels), planar, total);
            total += n;
        }

        if (total == 0) throw new AudioFormatException(reader.SourcePath, "contains no audio samples (zero-length audio)");
        if (expected is long want && total < want)
        {
            string problem = $"header promises {want} frames but the audio ends after {total}";
            if (options.TruncatedData == TruncatedDataPolicy.Error)
                throw new AudioFormatException(reader.SourcePath, problem, null, AudioReadSetting.TruncatedData);
            options.Warn($"{reader.SourcePath}: {problem}");
        }
        if (total != capacity)
        {
            for (int c = 0; c < channels; c++) Array.Resize(ref planar[c], total);
        }

        if (options.Scale == SampleScale.Int16)
        {
            foreach (float[] ch in planar) SampleScaling.ToInt16Scale(ch);
        }
        var audio = new AudioData(planar, reader.SampleRate, reader.SourcePath);
        return options.TargetSampleRate is int rate ? audio.Resample(rate, options.Resampler) : audio;
    }

    static void Deinterleave(ReadOnlySpan<float> interleaved, float[][] planar, int at)
    {
        int channels = planar.Length;
        if (channels == 1)
        {
            interleaved.CopyTo(planar[0].AsSpan(at));
            return;
        }
        int frames = interleaved.Length / channels;
        for (int c = 0; c < channels; c++)
        {
            float[] dst = planar[c];
            for (int i = 0; i < frames; i++) dst[at + i] = interleaved[i * channels + c];
        }
    }

    /// <summary>Opens a file for reading, turning a missing file or folder into an <see cref="AudioFormatException"/>.</summary>
    internal static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new AudioFormatException(path, "audio file not found", null, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new AudioFormatException(path, "audio file is not readable (permission denied or a directory)", null, e);
        }
    }

    static AudioFormatException NotAudio(string path)
    {
        using FileStream fs = OpenFile(path);
        Span<byte> head = stackalloc byte[8];
        int got = StreamHelpers.ReadUpTo(fs, head);
        return new AudioFormatException(path,
            $"not a supported audio file: it starts with \"{StreamHelpers.Printable(head[..got])}\"; " +
            "supported are WAV (RIFF/RIFX), FLAC (fLaC) and NIST SPHERE (NIST_1A), recognised by content", 0);
    }
}
