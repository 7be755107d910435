namespace SpeechDisentangle.Audio.Features;

/// <summary>One problem with a <see cref="LogMelOptions"/> setting: the property and what is wrong with it.</summary>
/// <param name="Option">The property name, e.g. "NumMelBins".</param>
/// <param name="Text">The problem, to follow the property name (a command-line program puts its flag there instead).</param>
public sealed record LogMelOptionProblem(string Option, string Text)
{
    /// <summary>"Option Text".</summary>
    public override string ToString() => $"{Option} {Text}";
}
