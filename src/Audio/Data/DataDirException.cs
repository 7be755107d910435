namespace SpeechDisentangle.Audio.Data;

/// <summary>
/// Thrown when a data directory (or a Kaldi table file) is invalid. <see cref="Errors"/> holds every problem found,
/// each naming the file and the 1-based line, so one run reports them all.
/// </summary>
public sealed class DataDirException : Exception
{
    /// <summary>Every problem found, one per entry, formatted "file:line: message" where a line applies.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>Creates the exception for the data directory <paramref name="directory"/>.</summary>
    public DataDirException(string directory, IReadOnlyList<string> errors)
        : base(FormatMessage(directory, errors)) => Errors = errors;

    /// <summary>Creates the exception with a single message.</summary>
    public DataDirException(string message) : base(message) => Errors = [message];

    /// <summary>Creates the exception with a single message and inner exception.</summary>
    public DataDirException(string message, Exception inner) : base(message, inner) => Errors = [message];

    /// <summary>Creates an empty exception (for serializers and analyzers).</summary>
    public DataDirException() : this("invalid data directory") { }

    static string FormatMessage(string directory, IReadOnlyList<string> errors) =>
        $"data directory '{directory}' is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):"
        + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
