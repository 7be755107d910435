namespace SpeechDisentangle.Models.Core.Config;

/// <summary>Where each dotted key of a config came from (file and line, or the --set override), for error messages.</summary>
public sealed class ConfigLocations(string source)
{
    readonly Dictionary<string, string> _where = new(StringComparer.Ordinal);

    /// <summary>The file the config was read from.</summary>
    public string Source { get; } = source;

    public void SetLine(string path, int line) => _where[path] = $"{Source}:{line}";

    public void SetOverride(string path, string assignment) => _where[path] = $"--set {assignment}";

    /// <summary>
    /// "file:line" or "--set ..." for <paramref name="path"/>; else for a key below it (an unknown section that only
    /// "--set foo.bar=1" made is that --set's doing); else for its nearest parent that has one; else the file.
    /// </summary>
    public string Describe(string path)
    {
        if (_where.TryGetValue(path, out var exact)) return exact;
        var below = _where.Keys.Where(k => k.StartsWith(path + ".", StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault();
        if (below is not null) return _where[below];
        for (string p = path; ; p = p[..p.LastIndexOf('.')])
        {
            if (_where.TryGetValue(p, out var where)) return where;
            if (!p.Contains('.', StringComparison.Ordinal)) return Source;
        }
    }
}
