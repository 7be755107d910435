namespace SpeechDisentangle.Common;

/// <summary>
/// Options that check themselves, the one way every options record of the libraries does it:
/// <see cref="Errors"/> lists every problem at once, each starting with the name of the setting it is about (a
/// config key, a property or a command-line flag), and <see cref="Validation.Validate"/> throws them together as an
/// <see cref="InvalidOptionsException"/>. Nested options prefix their key ("encoder.channels ...").
/// </summary>
public interface IValidatable
{
    /// <summary>Every problem with these options (empty when they are valid).</summary>
    IReadOnlyList<string> Errors();
}
