namespace SpeechDisentangle.Models.Core.Config;

/// <summary>Where each dotted key of a config came from (file and line, or the --set override), for error messages.</summary>
public sealed class ConfigLocations(string source)
{
    readonly Dictionary<string, string> _where = new(StringComparer.Ordinal);

    /// <summary>The file the config was read from.</summary>
    public string Source { get; } = source;

    public void SetLine(string path, int line) => _where[path] = $"{Source}:{line}";

    public void SetOverride(string path, string assignment) => _where[path] = $"--set {assignment}";

    /// <summary>"file:line" for <paramref name="path"/> (or its nearest parent that has one), else the file.</summary>
    public string Describe(string path)
    {
        for (string p = path; ; p = p[..p.LastIndexOf('.')])
        {
            if (_where.TryGetValue(p, out var where)) return where;
            if (!p.Contains('.', StringComparison.Ordinal)) return Source;
        }
    }
}
