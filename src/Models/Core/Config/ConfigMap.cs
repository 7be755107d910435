namespace SpeechDisentangle.Models.Core.Config;

/// <summary>
/// An untyped YAML mapping kept for a consumer that knows its type later (model options, data options): the
/// model registry binds it with <see cref="Bind{T}"/>. Values are nested maps
/// (<c>IReadOnlyDictionary&lt;string, object?&gt;</c>), lists (<c>IReadOnlyList&lt;object?&gt;</c>) and scalars
/// (strings from YAML; typed values from <see cref="From"/>).
/// </summary>
public sealed class ConfigMap
{
    readonly ConfigLocations _locations;

    public ConfigMap(IReadOnlyDictionary<string, object?> values, string path = "", ConfigLocations? locations = null)
    {
        Values = values;
        Path = path;
        _locations = locations ?? new ConfigLocations("(code)");
    }

    /// <summary>An empty mapping.</summary>
    public static ConfigMap Empty { get; } = new(new Dictionary<string, object?>());

    public IReadOnlyDictionary<string, object?> Values { get; }

    /// <summary>Where the keys came from (for error messages).</summary>
    public ConfigLocations Locations => _locations;

    /// <summary>Dotted path of this mapping in the config ("model_options").</summary>
    public string Path { get; }

    /// <summary>Binds to <typeparamref name="T"/> (snake_case keys to PascalCase properties); unknown keys or bad values throw, naming key and file.</summary>
    public T Bind<T>() where T : class, new() => ConfigBinder.Bind<T>(Values, Path, _locations);

    /// <summary>The mapping of a typed options object (the inverse of <see cref="Bind{T}"/>), for writing the resolved config.</summary>
    public static ConfigMap From(object options, string path = "") => new(ConfigBinder.ToTree(options), path);
}
