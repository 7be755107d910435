namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>
/// One utterance of a feature job gave no features. The message names the utterance and its audio (the wav.scp
/// entry), then the problem; <see cref="Exception.InnerException"/> is the typed cause.
/// </summary>
public sealed class UtteranceFeatureException : Exception
{
    /// <summary>Wraps <paramref name="inner"/>; <paramref name="describe"/> phrases it (default: its message).</summary>
    public UtteranceFeatureException(string utterance, string source, Exception inner, Func<Exception, string>? describe = null)
        : base($"utterance {utterance}: {ReasonFor(source, inner, describe)}", inner)
    {
        Utterance = utterance;
        AudioSource = source;
        Reason = ReasonFor(source, inner, describe);
    }

    /// <summary>Parameterless form required by the exception design rules.</summary>
    public UtteranceFeatureException() : this("<unknown>") { }

    /// <summary>Message-only form required by the exception design rules.</summary>
    public UtteranceFeatureException(string message) : base(message)
    {
        Utterance = AudioSource = Reason = "";
    }

    /// <summary>Message-only form required by the exception design rules.</summary>
    public UtteranceFeatureException(string message, Exception inner) : base(message, inner)
    {
        Utterance = AudioSource = Reason = "";
    }

    /// <summary>The utterance id.</summary>
    public string Utterance { get; }

    /// <summary>Its wav.scp entry: a file path or a piped command.</summary>
    public string AudioSource { get; }

    /// <summary>"source: problem", as skipped.txt lists it.</summary>
    public string Reason { get; }

    static string ReasonFor(string source, Exception inner, Func<Exception, string>? describe)
    {
        ArgumentNullException.ThrowIfNull(inner);
        string text = (describe ?? (e => e.Message))(inner);
        // Audio errors already start with the file; others (too short, ...) get it in front.
        return text.StartsWith(source, StringComparison.Ordinal) ? text : $"{source}: {text}";
    }
}
