using System.Globalization;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// One aligned phone (or word) of an utterance, start and duration in seconds, with the file and line it was read
/// from (a CTM line, or a TextGrid interval) for error messages.
/// </summary>
public sealed record CtmEntry(string Utterance, double Start, double Duration, string Symbol, string Source, int Line)
{
    /// <summary>"file:line" of the entry.</summary>
    public string Where => $"{Source}:{Line}";
}

/// <summary>
/// Reads CTM files as Kaldi's <c>ali-to-phones --ctm-output</c> writes them: <c>utt channel start duration phone</c>
/// per line (an optional sixth field, the confidence, is ignored), times in seconds from the utterance's start.
/// </summary>
public static class CtmFile
{
    /// <summary>
    /// The entries of <paramref name="path"/>, grouped by utterance and sorted by start. A malformed line throws
    /// naming the file and line, or, when <paramref name="badLines"/> is given, is described there and skipped.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<CtmEntry>> Read(string path, List<string>? badLines = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new CorpusLayoutException($"CTM file '{path}' does not exist");
        var byUtt = new Dictionary<string, List<CtmEntry>>(StringComparer.Ordinal);
        int lineNo = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNo++;
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith(';')) continue;
            var (entry, error) = Parse(line, path, lineNo);
            if (entry is null)
            {
                string problem = $"{path}:{lineNo}: {error}";
                if (badLines is null) throw new CorpusLayoutException(problem);
                badLines.Add(problem);
                continue;
            }
            if (!byUtt.TryGetValue(entry.Utterance, out var list)) byUtt[entry.Utterance] = list = [];
            list.Add(entry);
        }
        return byUtt.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<CtmEntry>)[.. kv.Value.OrderBy(e => e.Start)], StringComparer.Ordinal);
    }

    static (CtmEntry? Entry, string? Error) Parse(string line, string path, int lineNo)
    {
        string[] f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (f.Length is not (5 or 6))
            return (null, $"expected '<utterance> <channel> <start> <duration> <phone>', got {f.Length} fields: '{line.Trim()}'");
        if (!double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double start) || !double.IsFinite(start) || start < 0)
            return (null, $"start '{f[2]}' of '{f[0]}' is not a non-negative number of seconds");
        if (!double.TryParse(f[3], NumberStyles.Float, CultureInfo.InvariantCulture, out double duration) || !double.IsFinite(duration) || duration <= 0)
            return (null, $"duration '{f[3]}' of '{f[0]}' is not a positive number of seconds");
        return (new CtmEntry(f[0], start, duration, f[4], path, lineNo), null);
    }
}
