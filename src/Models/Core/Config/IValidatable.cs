namespace SpeechDisentangle.Models.Core.Config;

/// <summary>
/// Options that check themselves, the one way every options record does it (as NWaves' options do):
/// <see cref="Errors"/> lists every problem at once, each naming its config key, and
/// <see cref="Validation.Validate"/> throws them together. Nested options prefix their key ("encoder.channels ...").
/// </summary>
public interface IValidatable
{
    /// <summary>Every problem with these options (empty when they are valid).</summary>
    IReadOnlyList<string> Errors();
}

/// <summary>The throwing side of <see cref="IValidatable"/>.</summary>
public static class Validation
{
    /// <summary>Throws one <see cref="ArgumentException"/> that lists every problem of <paramref name="options"/>, one per line.</summary>
    public static void Validate(this IValidatable options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Errors();
        if (errors.Count > 0)
            throw new ArgumentException($"invalid {options.GetType().Name}:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
    }

    /// <summary>The errors of nested options, each prefixed with its key ("encoder.channels ..."); "KEY is missing" for null.</summary>
    public static IEnumerable<string> Nested(string key, IValidatable? options) =>
        options is null ? [$"{key} is missing"] : options.Errors().Select(e => $"{key}.{e}");
}
