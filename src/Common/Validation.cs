namespace SpeechDisentangle.Common;

/// <summary>The throwing and the nesting side of <see cref="IValidatable"/>.</summary>
public static class Validation
{
    /// <summary>Throws one <see cref="InvalidOptionsException"/> that lists every problem of <paramref name="options"/>, one per line.</summary>
    public static void Validate(this IValidatable options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Errors();
        if (errors.Count > 0) throw new InvalidOptionsException(options, errors);
    }

    /// <summary>The errors of nested options, each prefixed with its key ("encoder.channels ..."); "KEY is missing" for null.</summary>
    public static IEnumerable<string> Nested(string key, IValidatable? options) =>
        options is null ? [$"{key} is missing"] : options.Errors().Select(e => $"{key}.{e}");
}
