namespace SpeechDisentangle.Audio.Data;

/// <summary>
/// Random access to the objects an scp file points at: seeks to each entry's offset, keeping each archive open
/// until disposed. Not thread-safe.
/// </summary>
public sealed class KaldiScpReader : IDisposable
{
    readonly Dictionary<string, KaldiScpEntry> byKey;
    readonly Dictionary<string, FileStream> open = new(StringComparer.Ordinal);

    /// <summary>Keys in scp file order.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>Parses <paramref name="scpPath"/> (see <see cref="KaldiScp.Read"/>).</summary>
    public KaldiScpReader(string scpPath)
    {
        var entries = KaldiScp.Read(scpPath);
        byKey = entries.ToDictionary(e => e.Key, StringComparer.Ordinal);
        Keys = [.. entries.Select(e => e.Key)];
    }

    /// <summary>True when the scp has an entry for <paramref name="key"/>.</summary>
    public bool Contains(string key) => byKey.ContainsKey(key);

    /// <summary>Reads the object for <paramref name="key"/>; throws KeyNotFoundException when absent.</summary>
    /// <exception cref="FileNotFoundException">The archive the entry names does not exist.</exception>
    /// <exception cref="InvalidDataException">The offset is outside the archive or the object there is damaged.</exception>
    public KaldiMatrix Read(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!byKey.TryGetValue(key, out var entry)) throw new KeyNotFoundException($"key '{key}' is not in the scp file");
        if (!open.TryGetValue(entry.ArkPath, out var stream))
        {
            if (!File.Exists(entry.ArkPath))
                throw new FileNotFoundException($"archive '{entry.ArkPath}' (for key '{key}') does not exist", entry.ArkPath);
            stream = new FileStream(entry.ArkPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12);
            open[entry.ArkPath] = stream;
        }
        return KaldiArk.ReadAt(stream, entry.ArkPath, entry.Offset ?? 0);
    }

    /// <summary>Closes the open archives.</summary>
    public void Dispose()
    {
        foreach (var s in open.Values) s.Dispose();
        open.Clear();
    }
}
