using System.Collections.Concurrent;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>
/// Extracts log-mel features for every utterance of a Kaldi data dir (or one shard of it) into an output data dir:
/// the input's utt2spk/spk2utt/text/wav.scp, plus feats.scp (ark) or npy.scp (npy), utt2num_frames, and
/// per-speaker CMVN stats (cmvn.ark/cmvn.scp) for the whole corpus. Every file is written under a temp name and renamed.
/// </summary>
public static class DataDirFeatureJob
{
    public static FeatureJobSummary Run(KaldiDataDir dir, string outDir, FeatureJobOptions options, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(outDir);
        var utts = Shard(dir.Utterances, options.ShardIndex, options.ShardCount);
        var parts = Split(utts, options.Jobs);
        var skipped = new ConcurrentBag<(string, string)>();
        var frames = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var stats = new ConcurrentDictionary<string, CmvnStats>(StringComparer.Ordinal);
        long audioSamples = 0;
        string tag = options.ShardCount > 1 ? $"{options.ShardIndex}" : "";
        var scpLines = new ConcurrentBag<(string Utt, string Line)>();

        using (var bar = new ProgressBar("features", utts.Count, "utt"))
        {
            try
            {
            Parallel.For(0, parts.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Jobs }, job =>
            {
                var extractor = new LogMelExtractor(options.LogMel);
                var reader = new UtteranceAudio(dir, options.LogMel.SampleRate, options.Channel, options.AllowPipes);
                IEnumerable<KeyValuePair<string, KaldiMatrix>> Features()
                {
                    foreach (string utt in parts[job])
                    {
                        KaldiMatrix? m = Compute(utt, reader, extractor, options, skipped, ref audioSamples);
                        bar.Advance();
                        if (m == null) continue;
                        frames[utt] = m.Rows;
                        stats.GetOrAdd(dir.Utt2Spk[utt], _ => new CmvnStats(m.Cols)).AccumulateLocked(m);
                        yield return new(utt, m);
                    }
                }
                string name = options.Jobs > 1 ? $"{job + 1}" : tag;
                if (options.Format == FeatureFormat.Ark)
                {
                    string ark = Path.Combine(outDir, "data", $"feats{(name.Length > 0 ? "." + name : "")}.ark");
                    Directory.CreateDirectory(Path.GetDirectoryName(ark)!);
                    foreach (var e in KaldiArk.Write(ark, Features())) scpLines.Add((e.Key, e.RxSpecifier));
                }
                else
                {
                    foreach (var (utt, m) in Features())
                    {
                        string npy = Path.GetFullPath(Path.Combine(outDir, "npy", utt + ".npy"));
                        NpyFile.Write(npy, m.Data, m.Rows, m.Cols);
                        scpLines.Add((utt, npy));
                    }
                }
            });
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                // Report the first failing file itself, not "one or more errors occurred".
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
        }

        string scpName = (options.Format == FeatureFormat.Ark ? "feats" : "npy") + (tag.Length > 0 ? "." + tag : "") + ".scp";
        WriteTable(Path.Combine(outDir, scpName), scpLines.Select(l => (l.Utt, l.Line)));
        WriteTable(Path.Combine(outDir, "utt2num_frames" + (tag.Length > 0 ? "." + tag : "")),
            frames.Select(kv => (kv.Key, kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        if (options.ShardCount == 1)
        {
            CopyDataDirFiles(dir, outDir, frames.Keys);
            WriteCmvn(outDir, stats);
        }
        var skippedList = skipped.OrderBy(s => s.Item1, StringComparer.Ordinal).ToList();
        if (skippedList.Count > 0)
            WriteTable(Path.Combine(outDir, "skipped" + (tag.Length > 0 ? "." + tag : "") + ".txt"), skippedList);
        var summary = new FeatureJobSummary(frames.Count, skippedList, frames.Values.Sum(v => (long)v),
            Interlocked.Read(ref audioSamples) / (double)options.LogMel.SampleRate);
        log?.WriteLine($"features: {summary.Done} utterances done ({summary.Frames} frames, {summary.AudioSeconds:F1} s of audio), " +
                       $"{summary.Skipped.Count} skipped -> {outDir}");
        foreach (var (utt, reason) in skippedList) log?.WriteLine($"  skipped {utt}: {reason}");
        return summary;
    }

    /// <summary>
    /// Joins the parts written by <c>--shard K/N</c> jobs (feats.K.scp, utt2num_frames.K) into feats.scp and
    /// utt2num_frames, and writes the data dir files and per-speaker CMVN stats as a single job would have.
    /// </summary>
    public static int MergeShards(KaldiDataDir dir, string outDir, int shardCount, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(dir);
        var entries = new List<KaldiScpEntry>();
        for (int k = 1; k <= shardCount; k++)
        {
            string part = Path.Combine(outDir, $"feats.{k}.scp");
            if (!File.Exists(part)) throw new FileNotFoundException($"shard {k}/{shardCount} is missing: {part} does not exist", part);
            entries.AddRange(KaldiScp.Read(part));
        }
        var duplicate = entries.GroupBy(e => e.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw new InvalidDataException($"utterance {duplicate.Key} occurs in more than one shard");
        var stats = new ConcurrentDictionary<string, CmvnStats>(StringComparer.Ordinal);
        var frames = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var m = KaldiArk.ReadAt(e.ArkPath, e.Offset ?? 0);
            frames[e.Key] = m.Rows;
            stats.GetOrAdd(dir.Utt2Spk[e.Key], _ => new CmvnStats(m.Cols)).AccumulateLocked(m);
        }
        WriteTable(Path.Combine(outDir, "feats.scp"), entries.Select(e => (e.Key, e.RxSpecifier)));
        WriteTable(Path.Combine(outDir, "utt2num_frames"),
            frames.Select(kv => (kv.Key, kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        CopyDataDirFiles(dir, outDir, frames.Keys);
        WriteCmvn(outDir, stats);
        log?.WriteLine($"features merge: {entries.Count} utterances from {shardCount} shards -> {outDir}");
        return entries.Count;
    }

    static KaldiMatrix? Compute(string utt, UtteranceAudio reader, LogMelExtractor extractor, FeatureJobOptions options,
        ConcurrentBag<(string, string)> skipped, ref long audioSamples)
    {
        try
        {
            float[] samples = reader.Read(utt);
            long n = extractor.FrameCount(samples.Length);
            if (n <= 0)
                throw new InvalidDataException(
                    $"utterance {utt} has {samples.Length} samples, shorter than one frame ({extractor.FrameLength} samples)");
            float[] feats = extractor.Compute(samples);
            Interlocked.Add(ref audioSamples, samples.Length);
            return new KaldiMatrix((int)n, extractor.NumBins, feats);
        }
        catch (Exception e) when (options.KeepGoing && e is not OutOfMemoryException)
        {
            skipped.Add((utt, e.Message));
            return null;
        }
    }

    static List<string> Shard(IReadOnlyList<string> utts, int k, int n)
    {
        var parts = Split(utts, n);
        return parts[k - 1];
    }

    static List<List<string>> Split(IReadOnlyList<string> utts, int n)
    {
        var parts = new List<List<string>>();
        for (int i = 0; i < n; i++)
        {
            int from = (int)((long)utts.Count * i / n), to = (int)((long)utts.Count * (i + 1) / n);
            parts.Add(utts.Skip(from).Take(to - from).ToList());
        }
        return parts;
    }

    static void WriteTable(string path, IEnumerable<(string Key, string Value)> rows)
    {
        var text = new System.Text.StringBuilder();
        foreach (var (k, v) in rows.OrderBy(r => r.Key, StringComparer.Ordinal)) text.Append(k).Append(' ').Append(v).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }

    static void CopyDataDirFiles(KaldiDataDir dir, string outDir, ICollection<string> done)
    {
        var keep = new HashSet<string>(done, StringComparer.Ordinal);
        WriteTable(Path.Combine(outDir, "utt2spk"), dir.Utt2Spk.Where(kv => keep.Contains(kv.Key)).Select(kv => (kv.Key, kv.Value)));
        WriteTable(Path.Combine(outDir, "spk2utt"), dir.Spk2Utt
            .Select(kv => (kv.Key, string.Join(' ', kv.Value.Where(keep.Contains))))
            .Where(r => r.Item2.Length > 0));
        if (dir.Text.Count > 0)
            WriteTable(Path.Combine(outDir, "text"), dir.Text.Where(kv => keep.Contains(kv.Key)).Select(kv => (kv.Key, kv.Value)));
        if (dir.HasSegments)
        {
            var recordings = new HashSet<string>(keep.Select(u => dir.Segments[u].Recording), StringComparer.Ordinal);
            WriteTable(Path.Combine(outDir, "segments"), dir.Segments.Where(kv => keep.Contains(kv.Key)).Select(kv =>
                (kv.Key, FormattableString.Invariant($"{kv.Value.Recording} {kv.Value.Start:0.###} {kv.Value.End:0.###}"))));
            WriteTable(Path.Combine(outDir, "wav.scp"), dir.WavScp.Where(kv => recordings.Contains(kv.Key)).Select(kv => (kv.Key, kv.Value)));
        }
        else
        {
            WriteTable(Path.Combine(outDir, "wav.scp"), dir.WavScp.Where(kv => keep.Contains(kv.Key)).Select(kv => (kv.Key, kv.Value)));
        }
    }

    static void WriteCmvn(string outDir, ConcurrentDictionary<string, CmvnStats> stats)
    {
        if (stats.IsEmpty) return;
        var entries = stats.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
        {
            double[,] m = kv.Value.ToMatrix();
            var f = new float[m.Length];
            int cols = m.GetLength(1);
            for (int r = 0; r < 2; r++) for (int c = 0; c < cols; c++) f[r * cols + c] = (float)m[r, c];
            return new KeyValuePair<string, KaldiMatrix>(kv.Key, new KaldiMatrix(2, cols, f));
        });
        KaldiArk.Write(Path.Combine(outDir, "data", "cmvn.ark"), entries, Path.Combine(outDir, "cmvn.scp"));
    }

    static void AccumulateLocked(this CmvnStats stats, KaldiMatrix m)
    {
        lock (stats)
        {
            for (int r = 0; r < m.Rows; r++) stats.Accumulate(m.Data.AsSpan(r * m.Cols, m.Cols));
        }
    }
}
