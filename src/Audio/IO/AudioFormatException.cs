namespace SpeechDisentangle.Audio.IO;

/// <summary>The <see cref="AudioReadOptions"/> setting that would let an input that failed be read after all.</summary>
public enum AudioReadSetting
{
    /// <summary>No setting helps: the input itself is wrong.</summary>
    None,

    /// <summary><see cref="AudioReadOptions.AllowPipes"/>: the input is a piped command.</summary>
    AllowPipes,

    /// <summary><see cref="AudioReadOptions.TruncatedData"/>: the file holds less audio than its header promises.</summary>
    TruncatedData,
}

/// <summary>
/// An audio input could not be read: missing file, damaged or truncated header, unsupported codec, a failed pipe
/// command, non-finite samples. The message always starts with the file (or command) and, where known, the byte
/// offset; where a setting of <see cref="AudioReadOptions"/> would help, <see cref="Setting"/> names it and the
/// message ends with how to set it (a program with its own flags can phrase <see cref="Location"/>: <see cref="Problem"/> itself).
/// </summary>
public sealed class AudioFormatException : Exception
{
    /// <summary>Creates the exception; the message becomes "<paramref name="filePath"/>: <paramref name="problem"/>".</summary>
    public AudioFormatException(string filePath, string problem, long? offset = null, Exception? inner = null)
        : this(filePath, problem, offset, AudioReadSetting.None, inner)
    {
    }

    /// <summary>As the other constructor, for a problem that <paramref name="setting"/> would get past.</summary>
    public AudioFormatException(string filePath, string problem, long? offset, AudioReadSetting setting, Exception? inner = null)
        : base(Format(filePath, problem, offset) + SettingHint(setting), inner)
    {
        FilePath = filePath;
        Problem = problem;
        Offset = offset;
        Setting = setting;
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

    /// <summary>The read setting that would get past this problem, if any.</summary>
    public AudioReadSetting Setting { get; }

    /// <summary>The file (or command) and, where known, the byte offset: the message without the problem.</summary>
    public string Location => Offset is long o ? $"{FilePath}: at byte offset {o}" : FilePath;

    static string Format(string filePath, string problem, long? offset) =>
        offset is long o ? $"{filePath}: at byte offset {o}: {problem}" : $"{filePath}: {problem}";

    static string SettingHint(AudioReadSetting setting) => setting switch
    {
        AudioReadSetting.AllowPipes => "; enable it with AudioReadOptions.AllowPipes = true (allowPipes: true for ReadWavScpEntry)",
        AudioReadSetting.TruncatedData => "; set TruncatedData = TruncateWithWarning to read what is there",
        _ => "",
    };
}
