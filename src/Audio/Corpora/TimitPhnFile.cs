using System.Globalization;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>One line of a TIMIT .PHN file: a phone from sample <see cref="Start"/> up to (not including) <see cref="End"/>.</summary>
public sealed record TimitSegment(long Start, long End, string Phone);

/// <summary>Reads TIMIT .PHN files (<c>start end phone</c> per line, in samples at 16 kHz).</summary>
public static class TimitPhnFile
{
    /// <summary>Reads the segments in file order; throws naming the file and line for malformed lines or unknown phones.</summary>
    public static IReadOnlyList<TimitSegment> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new CorpusLayoutException($"TIMIT phone file '{path}' does not exist");
        var segments = new List<TimitSegment>();
        int lineNo = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNo++;
            if (line.Trim().Length == 0) continue;
            string[] f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 3
                || !long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out long start)
                || !long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out long end))
                throw new CorpusLayoutException($"{path}:{lineNo}: expected '<start> <end> <phone>' with sample numbers, got '{line.Trim()}'");
            if (end <= start)
                throw new CorpusLayoutException($"{path}:{lineNo}: segment end {end} is not after its start {start}");
            string phone = f[2].ToLowerInvariant();
            if (!TimitPhones.IsTimitPhone(phone))
                throw new CorpusLayoutException($"{path}:{lineNo}: '{f[2]}' is not one of the 61 TIMIT phones");
            if (segments.Count > 0 && start < segments[^1].Start)
                throw new CorpusLayoutException($"{path}:{lineNo}: segment starts at {start}, before the previous one ({segments[^1].Start})");
            segments.Add(new TimitSegment(start, end, phone));
        }
        if (segments.Count == 0) throw new CorpusLayoutException($"TIMIT phone file '{path}' holds no segments");
        return segments;
    }
}
