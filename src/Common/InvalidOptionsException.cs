namespace SpeechDisentangle.Common;

/// <summary>
/// Options that failed <see cref="Validation.Validate"/>: the message lists every problem, one per line. A program
/// can phrase them in its own terms (its flags) from <see cref="Options"/> and <see cref="Errors"/>.
/// </summary>
public sealed class InvalidOptionsException : ArgumentException
{
    /// <summary>"invalid TYPE:" and then each error on its own indented line.</summary>
    public InvalidOptionsException(IValidatable options, IReadOnlyList<string> errors)
        : base(Describe(options, errors))
    {
        Options = options;
        Errors = errors ?? [];
    }

    /// <summary>Parameterless form required by the exception design rules.</summary>
    public InvalidOptionsException() => Errors = [];

    /// <summary>Message-only form required by the exception design rules.</summary>
    public InvalidOptionsException(string message) : base(message) => Errors = [];

    /// <summary>Message-only form required by the exception design rules.</summary>
    public InvalidOptionsException(string message, Exception inner) : base(message, inner) => Errors = [];

    /// <summary>The options that failed (null only for the message-only forms).</summary>
    public IValidatable? Options { get; }

    /// <summary>Every problem found, as <see cref="IValidatable.Errors"/> gave them.</summary>
    public IReadOnlyList<string> Errors { get; }

    static string Describe(IValidatable options, IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        return $"invalid {options.GetType().Name}:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors);
    }
}
