using System.Globalization;
using System.Text;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.Data;

namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>
/// A stable mapping from label strings (speaker ids, words) to class indices 0..Count-1, in ordinal sort order so
/// the same label set always gives the same indices. Saved as "label index" lines so evaluation and extraction
/// read exactly the mapping training used.
/// </summary>
public sealed class LabelMap
{
    readonly Dictionary<string, int> _index;

    /// <summary>Builds the map from the distinct labels, sorted ordinally.</summary>
    public LabelMap(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Labels = [.. labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        foreach (var label in Labels)
            if (label.Length == 0 || label.Any(char.IsWhiteSpace))
                throw new ArgumentException($"label '{label}' is empty or contains whitespace", nameof(labels));
        _index = Labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>The labels in index order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Number of classes.</summary>
    public int Count => Labels.Count;

    /// <summary>True when <paramref name="label"/> has a class.</summary>
    public bool Contains(string label) => _index.ContainsKey(label);

    /// <summary>The class of <paramref name="label"/>; throws naming the label and the known ones when absent.</summary>
    public int IndexOf(string label) => _index.TryGetValue(label, out int i) ? i
        : throw new KeyNotFoundException($"label '{label}' is not in the label map ({Describe()})");

    /// <summary>The class of <paramref name="label"/>, or null when absent.</summary>
    public int? TryIndexOf(string label) => _index.TryGetValue(label, out int i) ? i : null;

    /// <summary>Writes "label index" lines, atomically.</summary>
    public void Save(string path)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < Labels.Count; i++) sb.Append(Labels[i]).Append(' ').Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>Reads a file written by <see cref="Save"/>; errors name the file and line.</summary>
    public static LabelMap Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"label map '{path}' does not exist", path);
        var errors = new List<string>();
        var lines = KaldiTableFile.Read(path, errors);
        KaldiTableFile.Index(lines, requireSorted: false, errors, []);
        var labels = new List<string>(lines.Count);
        foreach (var line in lines)
        {
            if (!int.TryParse(line.Rest, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                errors.Add($"{line.Where}: expected 'label index', got '{line.Key} {line.Rest}'");
            else if (index != labels.Count)
                errors.Add($"{line.Where}: label '{line.Key}' has index {index}, expected {labels.Count} (indices run 0, 1, 2, ... in file order)");
            labels.Add(line.Key);
        }
        if (labels.Count == 0) errors.Add($"{path}: the label map is empty");
        if (errors.Count == 0 && !labels.SequenceEqual(labels.Order(StringComparer.Ordinal)))
            errors.Add($"{path}: labels are not in sorted (ordinal) order, so indices would not match a freshly built map");
        if (errors.Count > 0) throw new DataDirException(path, errors);
        return new LabelMap(labels);
    }

    /// <summary>True when both maps give every label the same index.</summary>
    public bool SameAs(LabelMap other) => other is not null && Labels.SequenceEqual(other.Labels, StringComparer.Ordinal);

    string Describe() => Count <= 12 ? "has " + string.Join(", ", Labels) : $"{Count} labels from '{Labels[0]}' to '{Labels[^1]}'";
}
