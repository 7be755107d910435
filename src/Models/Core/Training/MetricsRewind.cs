using System.Globalization;
using System.Text;
using System.Text.Json;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>
/// Winds the metrics files of an experiment back to a step, so that a resumed run (which redoes the steps after its
/// checkpoint) leaves no duplicate rows. Only lines ending in a newline count: a line a kill cut short belongs to a
/// step after the last checkpoint (the trainer logs a step before it saves it) and is dropped with them.
/// </summary>
internal static class MetricsRewind
{
    /// <summary>
    /// Keeps the header (if any) and every line of a step up to <paramref name="keepThroughStep"/>; rewrites the file
    /// atomically when that drops anything. Returns the number of rows dropped (a torn last line included).
    /// </summary>
    /// <exception cref="InvalidDataException">A complete line that is not a row (the message names file and line).</exception>
    public static int Truncate(string path, long keepThroughStep, string? header, Func<string, long?> stepOf)
    {
        if (!File.Exists(path)) return 0;
        string text = File.ReadAllText(path, Encoding.UTF8);
        var lines = text.Split('\n');
        // Split leaves "" after a final newline, or the torn line when the file does not end with one.
        bool torn = lines[^1].Length > 0;
        var kept = new StringBuilder();
        int dropped = torn ? 1 : 0;
        for (int i = 0; i < lines.Length - 1; i++)
        {
            string line = lines[i];
            if (i == 0 && header is not null && line == header) { kept.Append(line).Append('\n'); continue; }
            if (line.Length == 0) continue;
            long step = stepOf(line) ?? throw new InvalidDataException($"{path}:{i + 1}: not a metrics row: '{Shorten(line)}' (mend or delete the line, or start again with --overwrite)");
            if (step <= keepThroughStep) kept.Append(line).Append('\n');
            else dropped++;
        }
        if (dropped > 0) AtomicFile.WriteAllText(path, kept.ToString());
        return dropped;
    }

    /// <summary>The step of a metrics.jsonl row, or null when the line is not one.</summary>
    public static long? JsonlStep(string line) => JsonlRecord(line)?.Step;

    /// <summary>The step of a metrics.csv row (its first field), or null when the line is not one.</summary>
    public static long? CsvStep(string line)
    {
        int comma = line.IndexOf(',', StringComparison.Ordinal);
        return comma > 0 && long.TryParse(line.AsSpan(0, comma), NumberStyles.None, CultureInfo.InvariantCulture, out long step) ? step : null;
    }

    /// <summary>The rows of a metrics.jsonl file (complete lines only), in order.</summary>
    public static IEnumerable<(long Step, string Stage, string Name, double Value)> ReadJsonl(string path)
    {
        if (!File.Exists(path)) yield break;
        foreach (string line in File.ReadAllText(path, Encoding.UTF8).Split('\n').SkipLast(1))
        {
            if (JsonlRecord(line) is { } record) yield return record;
        }
    }

    /// <summary>Deletes the TensorBoard event files under <paramref name="dir"/>; returns how many there were.</summary>
    public static int DeleteEventFiles(string dir)
    {
        if (!Directory.Exists(dir)) return 0;
        var files = Directory.GetFiles(dir, "events.out.tfevents*", SearchOption.AllDirectories);
        foreach (string f in files) File.Delete(f);
        return files.Length;
    }

    static (long Step, string Stage, string Name, double Value)? JsonlRecord(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("step", out var step) || step.ValueKind != JsonValueKind.Number)
                return null;
            var value = root.TryGetProperty("value", out var v) ? v : default;
            // MetricsLogger writes a non-finite value as its "R" string (NaN, Infinity, -Infinity).
            double number = value.ValueKind switch
            {
                JsonValueKind.Number => value.GetDouble(),
                JsonValueKind.String => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : double.NaN,
                _ => double.NaN,
            };
            return (step.GetInt64(), Text(root, "stage"), Text(root, "name"), number);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static string Text(JsonElement root, string key) =>
        root.TryGetProperty(key, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "";

    static string Shorten(string line) => line.Length <= 60 ? line : line[..60] + "...";
}
