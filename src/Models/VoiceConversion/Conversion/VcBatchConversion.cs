namespace SpeechDisentangle.Models.VoiceConversion.Conversion;

/// <summary>The outcome of a batch conversion: files written and lines that failed (with why).</summary>
public sealed record VcBatchSummary(int Converted, IReadOnlyList<string> Failures);

/// <summary>
/// Converts every line of a pairs list: `source target out`, where target is a reference recording (AdaIN-VC) or a
/// training speaker (adversarial VC), and out is relative to the output folder unless absolute. Blank lines and
/// lines starting with '#' are skipped.
/// </summary>
public static class VcBatchConversion
{
    public static VcBatchSummary Run(VcConversion conversion, string listPath, string outDir, bool keepGoing, TextWriter log, string? melOutDir = null)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        ArgumentNullException.ThrowIfNull(log);
        if (!File.Exists(listPath)) throw new FileNotFoundException($"pairs list '{listPath}' does not exist", listPath);
        var lines = File.ReadAllLines(listPath);
        int converted = 0;
        var failures = new List<string>();
        string listDir = Path.GetDirectoryName(Path.GetFullPath(listPath))!;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            string where = $"{listPath}:{i + 1}";
            try
            {
                var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (f.Length != 3) throw new FormatException($"expected 3 fields 'source target out', got {f.Length}");
                string source = Path.Combine(listDir, f[0]);
                if (!File.Exists(source)) throw new FileNotFoundException($"source '{source}' does not exist", source);
                var target = conversion.Converter.OneShot ? conversion.Target(Path.Combine(listDir, f[1]), null) : conversion.Target(null, f[1]);
                string outPath = Path.Combine(outDir, f[2]);
                string? melPath = melOutDir is null ? null : Path.Combine(melOutDir, Path.ChangeExtension(f[2], ".npy"));
                double seconds = conversion.ConvertFile(source, target, outPath, melPath);
                log.WriteLine(FormattableString.Invariant($"{where}: wrote {outPath} ({seconds:F2} s)"));
                converted++;
            }
            catch (Exception e) when (e is IOException or FormatException or ArgumentException or InvalidDataException or KeyNotFoundException
                                           or Audio.IO.AudioFormatException)
            {
                string message = $"{where}: {e.Message}";
                if (!keepGoing) throw new InvalidDataException(message, e);
                failures.Add(message);
                log.WriteLine($"{message} (skipped)");
            }
        }
        return new VcBatchSummary(converted, failures);
    }
}
