using System.Globalization;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>The text tables and CMVN stats of a feature data dir, each written atomically with keys in ordinal order.</summary>
internal static class FeatureTables
{
    public static void Write(string path, IEnumerable<(string Key, string Value)> rows)
    {
        var text = new System.Text.StringBuilder();
        foreach (var (k, v) in rows.OrderBy(r => r.Key, StringComparer.Ordinal)) text.Append(k).Append(' ').Append(v).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }

    public static void WriteFrameCounts(string path, IEnumerable<KeyValuePair<string, int>> frames) =>
        Write(path, frames.Select(kv => (kv.Key, kv.Value.ToString(CultureInfo.InvariantCulture))));

    /// <summary>wav.scp, utt2spk, spk2utt, text and segments of the input, cut to the utterances that have features.</summary>
    public static void CopyDataDirFiles(KaldiDataDir dir, string outDir, ICollection<string> done)
    {
        var keep = new HashSet<string>(done, StringComparer.Ordinal);
        Write(Path.Combine(outDir, "utt2spk"), dir.Utt2Spk.Where(kv => keep.Contains(kv.Key)).Select(kv => (kv.Key, kv.Value)));
        Write(Path.Combine(outDir, "spk2utt"), dir.Spk2Utt
            .Select(kv => (kv.Key, string.Join(' ', kv.Value.Where(keep.Contains))))
            .Where(r => r.Item2.Length > 0));
        if (dir.Text.Count > 0)
            Write(Path.Combine(outDir, "text"), dir.Text.Where(kv => keep.Contains(kv.Key)).Select(kv => (kv.Key, kv.Value)));
        if (dir.HasSegments)
        {
            var recordings = new HashSet<string>(keep.Select(u => dir.Segments[u].Recording), StringComparer.Ordinal);
            Write(Path.Combine(outDir, "segments"), dir.Segments.Where(kv => keep.Contains(kv.Key)).Select(kv =>
                (kv.Key, FormattableString.Invariant($"{kv.Value.Recording} {kv.Value.Start:0.###} {kv.Value.End:0.###}"))));
            Write(Path.Combine(outDir, "wav.scp"), dir.WavScp.Where(kv => recordings.Contains(kv.Key)).Select(kv => (kv.Key, kv.Value)));
        }
        else
        {
            Write(Path.Combine(outDir, "wav.scp"), dir.WavScp.Where(kv => keep.Contains(kv.Key)).Select(kv => (kv.Key, kv.Value)));
        }
    }

    /// <summary>
    /// Per-speaker stats as the sum of per-utterance stats in utterance order, so the result does not depend on
    /// which job finished first.
    /// </summary>
    public static SortedDictionary<string, CmvnStats> SpeakerStats(KaldiDataDir dir, IEnumerable<string> utts,
        IReadOnlyDictionary<string, CmvnStats> uttStats)
    {
        var speakers = new SortedDictionary<string, CmvnStats>(StringComparer.Ordinal);
        foreach (string utt in utts)
        {
            if (!uttStats.TryGetValue(utt, out var stats)) continue;
            string spk = dir.Utt2Spk[utt];
            if (!speakers.TryGetValue(spk, out var sum)) speakers[spk] = sum = new CmvnStats(stats.Dim);
            sum.Add(stats);
        }
        return speakers;
    }

    /// <summary>data/cmvn.ark and cmvn.scp (nothing when there are no stats).</summary>
    public static void WriteCmvn(string outDir, SortedDictionary<string, CmvnStats> stats)
    {
        if (stats.Count == 0) return;
        var entries = stats.Select(kv =>
        {
            double[,] m = kv.Value.ToMatrix();
            var f = new float[m.Length];
            int cols = m.GetLength(1);
            for (int r = 0; r < 2; r++) for (int c = 0; c < cols; c++) f[r * cols + c] = (float)m[r, c];
            return new KeyValuePair<string, KaldiMatrix>(kv.Key, new KaldiMatrix(2, cols, f));
        });
        KaldiArk.Write(Path.Combine(outDir, "data", "cmvn.ark"), entries, Path.Combine(outDir, "cmvn.scp"));
    }

    /// <summary>Stats of one utterance's features.</summary>
    public static CmvnStats StatsOf(KaldiMatrix m)
    {
        var stats = new CmvnStats(m.Cols);
        stats.Accumulate(m.Data.AsSpan(0, m.Rows * m.Cols));
        return stats;
    }
}
