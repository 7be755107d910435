namespace SpeechDisentangle.Audio.Features;

/// <summary>One problem with a <see cref="LogMelOptions"/> setting: the property and what is wrong with it.</summary>
/// <param name="Option">The property name, e.g. "NumMelBins".</param>
/// <param name="Text">The problem, to follow the property name (a command-line program puts its flag there instead).</param>
public sealed record LogMelOptionProblem(string Option, string Text)
{
    /// <summary>"Option Text".</summary>
    public override string ToString() => $"{Option} {Text}";
}

/// <summary>Log-mel options that cannot give features; <see cref="Problems"/> lists every problem at once.</summary>
public sealed class InvalidLogMelOptionsException : ArgumentException
{
    /// <summary>Lists the problems in the message, one per line.</summary>
    public InvalidLogMelOptionsException(IReadOnlyList<LogMelOptionProblem> problems)
        : base($"Invalid log-mel options ({problems?.Count} problem(s)):{Environment.NewLine}  - " +
               string.Join(Environment.NewLine + "  - ", problems ?? []))
    {
        Problems = problems ?? [];
    }

    /// <summary>Parameterless form required by the exception design rules.</summary>
    public InvalidLogMelOptionsException() : this([]) { }

    /// <summary>Message-only form required by the exception design rules.</summary>
    public InvalidLogMelOptionsException(string message) : base(message) => Problems = [];

    /// <summary>Message-only form required by the exception design rules.</summary>
    public InvalidLogMelOptionsException(string message, Exception inner) : base(message, inner) => Problems = [];

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<LogMelOptionProblem> Problems { get; }
}
