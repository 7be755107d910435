using System.Globalization;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// Reads phone alignments from Praat TextGrids in the long ("ooTextFile") format, one file per utterance, as the
/// Montreal Forced Aligner writes them (OUT/SPEAKER/UTT.TextGrid): the intervals of one tier (default "phones")
/// become <see cref="CtmEntry"/> items of the utterance named by the file (its name without .TextGrid).
/// Empty intervals are silence, labelled <see cref="Silence"/>.
/// </summary>
public static class TextGridFile
{
    /// <summary>The symbol of an interval with empty text.</summary>
    public const string Silence = "SIL";

    /// <summary>
    /// The alignments of every *.TextGrid under <paramref name="folder"/> (recursively). A bad file throws naming it
    /// (and the line), or, when <paramref name="badFiles"/> is given, is described there and skipped.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<CtmEntry>> ReadFolder(string folder, string tier = "phones", List<string>? badFiles = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) throw new CorpusLayoutException($"TextGrid folder '{folder}' does not exist");
        var result = new Dictionary<string, IReadOnlyList<CtmEntry>>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(folder, "*.TextGrid", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            try
            {
                var entries = Read(path, tier);
                if (!result.TryAdd(entries[0].Utterance, entries))
                    throw new CorpusLayoutException($"{path}: utterance '{entries[0].Utterance}' has a TextGrid elsewhere under {folder} too");
            }
            catch (CorpusLayoutException e) when (badFiles is not null)
            {
                badFiles.Add(e.Message);
            }
        }
        if (result.Count == 0 && (badFiles is null || badFiles.Count == 0)) throw new CorpusLayoutException($"TextGrid folder '{folder}' holds no *.TextGrid files");
        return result;
    }

    /// <summary>The intervals of tier <paramref name="tier"/> of one long-format TextGrid, in time order.</summary>
    public static IReadOnlyList<CtmEntry> Read(string path, string tier = "phones")
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tier);
        if (!File.Exists(path)) throw new CorpusLayoutException($"TextGrid '{path}' does not exist");
        string utt = Path.GetFileNameWithoutExtension(path);
        var entries = new List<CtmEntry>();
        var tiers = new List<string>();
        bool inTier = false, inInterval = false, longFormat = false;
        double start = double.NaN, end = double.NaN;
        int lineNo = 0;
        foreach (string raw in File.ReadLines(path))
        {
            lineNo++;
            string line = raw.Trim();
            if (line.StartsWith("item [", StringComparison.Ordinal) && !line.StartsWith("item []", StringComparison.Ordinal))
            {
                longFormat = true;
                inTier = inInterval = false;
            }
            else if (line.StartsWith("name =", StringComparison.Ordinal))
            {
                string name = Quoted(line, path, lineNo);
                tiers.Add(name);
                inTier = name == tier;
            }
            else if (inTier && line.StartsWith("intervals [", StringComparison.Ordinal))
            {
                inInterval = true;
                start = end = double.NaN;
            }
            else if (inInterval && line.StartsWith("xmin =", StringComparison.Ordinal)) start = Number(line, path, lineNo);
            else if (inInterval && line.StartsWith("xmax =", StringComparison.Ordinal)) end = Number(line, path, lineNo);
            else if (inInterval && line.StartsWith("text =", StringComparison.Ordinal))
            {
                if (double.IsNaN(start) || double.IsNaN(end) || start < 0)
                    throw new CorpusLayoutException($"{path}:{lineNo}: interval text without a non-negative xmin and an xmax before it");
                if (end <= start) throw new CorpusLayoutException(string.Create(CultureInfo.InvariantCulture, $"{path}:{lineNo}: interval ends ({end}) before it starts ({start})"));
                string text = Quoted(line, path, lineNo).Trim();
                entries.Add(new CtmEntry(utt, start, end - start, text.Length == 0 ? Silence : text.Replace(' ', '_'), path, lineNo));
                inInterval = false;
            }
        }
        if (!longFormat) throw new CorpusLayoutException($"{path}: not a long-format TextGrid (no 'item [1]:' lines); save it as a text file (long) from Praat or MFA");
        if (!tiers.Contains(tier)) throw new CorpusLayoutException($"{path}: has no tier named '{tier}' (its tiers: {string.Join(", ", tiers)})");
        if (entries.Count == 0) throw new CorpusLayoutException($"{path}: tier '{tier}' has no intervals");
        return [.. entries.OrderBy(e => e.Start)];
    }

    static double Number(string line, string path, int lineNo)
    {
        string value = line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim();
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v
            : throw new CorpusLayoutException($"{path}:{lineNo}: '{value}' is not a number of seconds");
    }

    // Praat quotes strings with "..." and writes a quote inside as "".
    static string Quoted(string line, string path, int lineNo)
    {
        int first = line.IndexOf('"', StringComparison.Ordinal), last = line.LastIndexOf('"');
        if (first < 0 || last <= first) throw new CorpusLayoutException($"{path}:{lineNo}: expected a quoted string, got '{line}'");
        return line[(first + 1)..last].Replace("\"\"", "\"", StringComparison.Ordinal);
    }
}
