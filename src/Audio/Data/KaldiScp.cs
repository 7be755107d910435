using System.Globalization;
using System.Text;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Audio.Data;

/// <summary>Reads and writes Kaldi scp files whose entries point into archives ("key path:offset").</summary>
public static class KaldiScp
{
    /// <summary>Writes "key rxspecifier" lines in the given order, atomically.</summary>
    public static void Write(string scpPath, IEnumerable<KaldiScpEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var sb = new StringBuilder();
        foreach (var e in entries)
        {
            KaldiArk.ValidateKey(e.Key);
            sb.Append(e.Key).Append(' ').Append(e.RxSpecifier).Append('\n');
        }
        AtomicFile.WriteAllText(scpPath, sb.ToString());
    }

    /// <summary>
    /// Parses an scp file. Pipes ("cmd |") and row/column ranges ("ark:12[0:9]") are rejected with the line
    /// named; a path without ":offset" means a file holding a single object without a key.
    /// </summary>
    /// <exception cref="DataDirException">Every malformed line of the scp, each named by file and line.</exception>
    public static IReadOnlyList<KaldiScpEntry> Read(string scpPath)
    {
        ArgumentNullException.ThrowIfNull(scpPath);
        if (!File.Exists(scpPath)) throw new FileNotFoundException($"scp file '{scpPath}' does not exist", scpPath);
        var errors = new List<string>();
        var lines = KaldiTableFile.Read(scpPath, errors);
        KaldiTableFile.Index(lines, requireSorted: false, errors, []);
        var entries = new List<KaldiScpEntry>(lines.Count);
        foreach (var line in lines)
        {
            string rx = line.Rest;
            if (rx.Length == 0) errors.Add($"{line.Where}: '{line.Key}' has no rxspecifier");
            else if (rx.EndsWith('|')) errors.Add($"{line.Where}: pipe rxspecifiers are not supported ('{rx}')");
            else if (rx.EndsWith(']')) errors.Add($"{line.Where}: ranges are not supported ('{rx}')");
            else entries.Add(Parse(line.Key, rx));
        }
        if (errors.Count > 0) throw new DataDirException(scpPath, errors);
        return entries;
    }

    static KaldiScpEntry Parse(string key, string rx)
    {
        int colon = rx.LastIndexOf(':');
        if (colon > 0 && long.TryParse(rx.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long offset))
            return new KaldiScpEntry(key, rx[..colon], offset);
        return new KaldiScpEntry(key, rx, null);
    }
}
