namespace SpeechDisentangle.Audio.Data;

/// <summary>
/// Reads Kaldi "key rest-of-line" table files (wav.scp, utt2spk, text, segments, ...), recording the line of every
/// entry so validation errors can point at it. Blank lines are reported, as Kaldi's tools reject them.
/// </summary>
public static class KaldiTableFile
{
    /// <summary>Reads all lines of <paramref name="path"/>; format problems are appended to <paramref name="errors"/>.</summary>
    public static IReadOnlyList<TableLine> Read(string path, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var lines = new List<TableLine>();
        int number = 0;
        foreach (string raw in File.ReadLines(path))
        {
            number++;
            string line = raw.TrimEnd('\r', ' ', '\t');
            if (line.Length == 0)
            {
                errors.Add($"{path}:{number}: empty line");
                continue;
            }
            if (char.IsWhiteSpace(line[0]))
            {
                errors.Add($"{path}:{number}: line starts with whitespace (the key must be the first field)");
                line = line.TrimStart();
            }
            int split = line.IndexOfAny([' ', '\t']);
            string key = split < 0 ? line : line[..split];
            string rest = split < 0 ? "" : line[split..].TrimStart(' ', '\t');
            lines.Add(new TableLine(path, number, key, rest));
        }
        return lines;
    }

    /// <summary>
    /// Checks keys are unique and (when <paramref name="requireSorted"/>) in C-locale byte order, as Kaldi's
    /// "sort -c" demands. Problems go to <paramref name="errors"/>, or unsorted-ness to <paramref name="warnings"/>
    /// when sorting is not required. Returns the entries by key (first occurrence wins).
    /// </summary>
    public static Dictionary<string, TableLine> Index(
        IReadOnlyList<TableLine> lines, bool requireSorted, List<string> errors, List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(warnings);
        var byKey = new Dictionary<string, TableLine>(StringComparer.Ordinal);
        bool reportedOrder = false;
        for (int i = 0; i < lines.Count; i++)
        {
            TableLine line = lines[i];
            if (!byKey.TryAdd(line.Key, line))
                errors.Add($"{line.Where}: duplicate key '{line.Key}' (first at line {byKey[line.Key].LineNumber})");
            if (i > 0 && !reportedOrder && string.CompareOrdinal(lines[i - 1].Key, line.Key) > 0)
            {
                // Report only the first disorder per file: one unsorted file usually means every line is out.
                reportedOrder = true;
                string message = $"{line.Where}: keys are not sorted ('{lines[i - 1].Key}' comes before '{line.Key}'); "
                    + "sort with 'LC_ALL=C sort'";
                (requireSorted ? errors : warnings).Add(message);
            }
        }
        return byKey;
    }
}
