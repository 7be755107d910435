namespace SpeechDisentangle.Audio.IO;

/// <summary>
/// An audio input could not be read: missing file, damaged or truncated header, unsupported codec, a failed pipe
/// command. The message always starts with the file (or command) and, where known, the byte offset.
/// </summary>
public sealed class AudioFormatException : Exception
{
    /// <summary>Creates the exception; the message becomes "<paramref name="filePath"/>: <paramref name="problem"/>".</summary>
    public AudioFormatException(string filePath, string problem, long? offset = null, Exception? inner = null)
        : base(Format(filePath, problem, offset), inner)
    {
        FilePath = filePath;
        Problem = problem;
        Offset = offset;
    }

    /// <summary>Parameterless form required by the exception design rules; prefer the constructor with a path.</summary>
    public AudioFormatException() : this("<unknown>", "audio could not be read") { }

    /// <summary>Message-only form required by the exception design rules; prefer the constructor with a path.</summary>
    public AudioFormatException(string message) : this("<unknown>", message) { }

    /// <summary>Message-only form required by the exception design rules; prefer the constructor with a path.</summary>
    public AudioFormatException(string message, Exception inner) : this("<unknown>", message, null, inner) { }

    /// <summary>The file path, or the pipe command, that failed.</summary>
    public string FilePath { get; }

    /// <summary>The problem without the file name.</summary>
    public string Problem { get; }

    /// <summary>Byte offset in the file where the problem was found, when it is known.</summary>
    public long? Offset { get; }

    static string Format(string filePath, string problem, long? offset) =>
        offset is long o ? $"{filePath}: at byte offset {o}: {problem}" : $"{filePath}: {problem}";
}
