using System.Globalization;
using System.Text;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// Frame-level label files kept in a data dir: <c>phones.txt</c> (Kaldi symbol table, <c>symbol id</c> per line, ids
/// from 0) and <c>frame_labels.txt</c> (<c>utt id id id ...</c>, one integer per feature frame, sorted by utterance id,
/// the text form of a Kaldi int-vector archive such as <c>ali-to-phones --per-frame</c> prints).
/// </summary>
public static class FrameLabelFiles
{
    /// <summary>File name of the symbol table.</summary>
    public const string PhonesFile = "phones.txt";

    /// <summary>File name of the per-frame labels.</summary>
    public const string LabelsFile = "frame_labels.txt";

    /// <summary>Writes <c>phones.txt</c>: symbol i gets id i.</summary>
    public static void WriteSymbols(string path, IReadOnlyList<string> symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var sb = new StringBuilder();
        for (int i = 0; i < symbols.Count; i++) sb.Append(symbols[i]).Append(' ').Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>Reads a symbol table written by <see cref="WriteSymbols"/> (ids must be 0, 1, 2, ... in order).</summary>
    public static IReadOnlyList<string> ReadSymbols(string path)
    {
        var symbols = new List<string>();
        int lineNo = 0;
        foreach (string line in ReadLines(path))
        {
            lineNo++;
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 2 || f[1] != symbols.Count.ToString(CultureInfo.InvariantCulture))
                throw new FormatException($"{path}:{lineNo}: expected '<symbol> {symbols.Count}', got '{line}'");
            symbols.Add(f[0]);
        }
        return symbols;
    }

    /// <summary>Writes <c>frame_labels.txt</c>, sorted by utterance id (ordinal, as Kaldi's C-locale sort).</summary>
    public static void WriteLabels(string path, IReadOnlyDictionary<string, int[]> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var sb = new StringBuilder();
        foreach (var (utt, frames) in labels.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append(utt);
            foreach (int l in frames) sb.Append(' ').Append(l.ToString(CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>Reads <c>frame_labels.txt</c>; throws naming the file and line for a malformed or repeated entry.</summary>
    public static IReadOnlyDictionary<string, int[]> ReadLabels(string path)
    {
        var labels = new Dictionary<string, int[]>(StringComparer.Ordinal);
        int lineNo = 0;
        foreach (string line in ReadLines(path))
        {
            lineNo++;
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0) continue;
            var frames = new int[f.Length - 1];
            for (int i = 1; i < f.Length; i++)
            {
                if (!int.TryParse(f[i], NumberStyles.None, CultureInfo.InvariantCulture, out frames[i - 1]))
                    throw new FormatException($"{path}:{lineNo}: label {i} of '{f[0]}' is '{f[i]}', not a non-negative integer");
            }
            if (!labels.TryAdd(f[0], frames)) throw new FormatException($"{path}:{lineNo}: utterance '{f[0]}' occurs twice");
        }
        return labels;
    }

    static IEnumerable<string> ReadLines(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"label file '{path}' does not exist", path);
        return File.ReadLines(path);
    }
}
