namespace SpeechDisentangle.Audio.IO;

/// <summary>Container formats recognised from a file's first bytes.</summary>
public enum AudioContainer
{
    /// <summary>Nothing recognised.</summary>
    Unknown,

    /// <summary>RIFF/RIFX WAVE (RF64 is detected as WAV and then rejected with a clear message).</summary>
    Wav,

    /// <summary>Native FLAC ("fLaC").</summary>
    Flac,

    /// <summary>NIST SPHERE ("NIST_1A").</summary>
    Sphere,
}

/// <summary>Recognises containers by magic bytes, not by extension.</summary>
public static class AudioContainerDetector
{
    /// <summary>The container indicated by <paramref name="head"/> (the first 12 or more bytes of a file).</summary>
    public static AudioContainer Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 4 && (head[..4].SequenceEqual("RIFF"u8) || head[..4].SequenceEqual("RIFX"u8) || head[..4].SequenceEqual("RF64"u8)))
            return AudioContainer.Wav;
        if (head.Length >= 4 && head[..4].SequenceEqual("fLaC"u8)) return AudioContainer.Flac;
        if (head.Length >= 8 && head[..8].SequenceEqual("NIST_1A\n"u8)) return AudioContainer.Sphere;
        return AudioContainer.Unknown;
    }
}
