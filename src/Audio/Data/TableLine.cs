namespace SpeechDisentangle.Audio.Data;

/// <summary>One non-empty line of a Kaldi table file: the key, the fields after it, and where it came from.</summary>
/// <param name="File">Path of the file the line was read from.</param>
/// <param name="LineNumber">1-based line number.</param>
/// <param name="Key">The first whitespace-separated field.</param>
/// <param name="Rest">Everything after the key and its following whitespace, trailing whitespace removed.</param>
public sealed record TableLine(string File, int LineNumber, string Key, string Rest)
{
    /// <summary>"file:line" for error messages.</summary>
    public string Where => $"{File}:{LineNumber}";

    /// <summary>The fields after the key, split on runs of spaces/tabs.</summary>
    public string[] Fields => Rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
}
