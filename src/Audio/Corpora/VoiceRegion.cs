using System.Globalization;
using System.Text.RegularExpressions;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// A region of the drawn-voice parameter space: conditions on <see cref="VoiceTable"/> columns, all of which must
/// hold, e.g. <c>pitch_base_hz&gt;=200</c>, <c>formant_scale&lt;0.95</c>, <c>klatt=0</c>, <c>accent=en-029</c>.
/// Operators: <c>= != &lt; &lt;= &gt; &gt;=</c>; numbers compare as numbers, anything else only with = and !=.
/// </summary>
public sealed partial class VoiceRegion
{
    readonly List<(string Column, string Op, string Value)> _conditions;

    VoiceRegion(List<(string, string, string)> conditions) => _conditions = conditions;

    /// <summary>Parses the conditions; an unknown column or operator is an error that lists what is allowed.</summary>
    public static VoiceRegion Parse(IEnumerable<string> conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var parsed = new List<(string, string, string)>();
        foreach (string text in conditions)
        {
            var m = Condition().Match(text ?? "");
            if (!m.Success)
                throw new ArgumentException($"--where '{text}' is not COLUMN OP VALUE (OP one of = != < <= > >=), e.g. pitch_base_hz>=200");
            string column = m.Groups[1].Value, op = m.Groups[2].Value, value = m.Groups[3].Value.Trim();
            if (!VoiceTable.Columns.Contains(column))
                throw new ArgumentException($"--where '{text}': unknown column '{column}' (columns of {VoiceTable.FileName}: {string.Join(", ", VoiceTable.Columns)})");
            if (op is not ("=" or "!=") && !IsNumber(value))
                throw new ArgumentException($"--where '{text}': '{op}' needs a number, got '{value}'");
            parsed.Add((column, op, value));
        }
        return new VoiceRegion(parsed);
    }

    /// <summary>Whether the voice of <paramref name="row"/> (column → value) lies in the region.</summary>
    public bool Contains(IReadOnlyDictionary<string, string> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        foreach (var (column, op, value) in _conditions)
        {
            string have = row[column];
            bool numeric = IsNumber(have) && IsNumber(value);
            int order = numeric ? Number(have).CompareTo(Number(value)) : string.CompareOrdinal(have, value);
            bool holds = op switch
            {
                "=" => order == 0,
                "!=" => order != 0,
                "<" => numeric && order < 0,
                "<=" => numeric && order <= 0,
                ">" => numeric && order > 0,
                _ => numeric && order >= 0,
            };
            if (!holds) return false;
        }
        return true;
    }

    static bool IsNumber(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*([a-z0-9_]+)\s*(!=|<=|>=|=|<|>)\s*(\S.*)$")]
    private static partial Regex Condition();
}
