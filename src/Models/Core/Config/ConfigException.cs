namespace SpeechDisentangle.Models.Core.Config;

/// <summary>A config that cannot be read or bound; the message lists every problem with its file and line.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException() { }
    public ConfigException(string message) : base(message) { }
    public ConfigException(string message, Exception inner) : base(message, inner) { }

    public static ConfigException From(IReadOnlyList<string> errors) =>
        new(errors.Count == 1 ? errors[0] : "invalid config:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
}
