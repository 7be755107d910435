using System.Text.RegularExpressions;

namespace SpeechDisentangle.Models.Core.Config;

/// <summary>
/// Reads a run config from YAML, applies <c>--set key.sub=value</c> overrides (the value is parsed as YAML and
/// converted to the target property's type when bound) and binds it to <see cref="RunConfig"/>. Unknown keys and
/// bad values are errors that name the key and the file and line (or the override).
/// </summary>
public static partial class ConfigLoader
{
    /// <summary>Reads and binds a YAML run config.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ConfigException">The text is not valid YAML, nests too deep, or a key or value does not bind.</exception>
    public static RunConfig Load(string path, IEnumerable<string>? overrides = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"config file '{path}' does not exist", path);
        return Parse(File.ReadAllText(path), path, overrides);
    }

    /// <param name="yaml">The YAML text.</param>
    /// <param name="source">Name used in error messages (the file path).</param>
    /// <param name="overrides">"trainer.max_steps=100" style assignments, applied in order.</param>
    public static RunConfig Parse(string yaml, string source, IEnumerable<string>? overrides = null)
    {
        var locations = new ConfigLocations(source);
        var tree = ConfigYaml.Parse(yaml, locations);
        foreach (string assignment in overrides ?? []) ApplyOverride(tree, assignment, locations);
        return ConfigBinder.Bind<RunConfig>(tree, "", locations);
    }

    /// <summary>Sets the dotted key of <paramref name="assignment"/> ("a.b.c=value") in <paramref name="tree"/>, creating mappings on the way.</summary>
    public static void ApplyOverride(Dictionary<string, object?> tree, string assignment, ConfigLocations locations)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(locations);
        string key = OverrideKey(assignment);
        int eq = assignment.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0 || !KeyPattern().IsMatch(key))
            throw new ConfigException($"--set {assignment}: expected key.sub=value with names of letters, digits, '_' or '-'");
        string[] parts = key.Split('.');
        var node = tree;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (!node.TryGetValue(parts[i], out var child) || child is null)
            {
                child = new Dictionary<string, object?>(StringComparer.Ordinal);
                node[parts[i]] = child;
            }
            node = child as Dictionary<string, object?>
                ?? throw new ConfigException($"--set {assignment}: '{string.Join('.', parts[..(i + 1)])}' is a value, not a section ({locations.Describe(string.Join('.', parts[..(i + 1)]))})");
        }
        node[parts[^1]] = ConfigYaml.ParseValue(assignment[(eq + 1)..], locations, key);
        locations.SetOverride(key, assignment);
    }

    /// <summary>The dotted key of an override "a.b.c=value" ("" without an '=').</summary>
    public static string OverrideKey(string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        int eq = assignment.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? "" : assignment[..eq].Trim();
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*$")]
    private static partial Regex KeyPattern();
}
