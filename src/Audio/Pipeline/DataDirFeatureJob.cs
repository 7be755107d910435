using System.Collections.Concurrent;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>
/// Extracts log-mel features for every utterance of a Kaldi data dir (or one shard of it) into an output data dir:
/// the input's utt2spk/spk2utt/text/wav.scp, plus feats.scp (archives data/feats.B.ark of
/// <see cref="FeatureJobOptions.UtterancesPerArchive"/> utterances) or npy.scp (npy/UTT.npy), utt2num_frames, and
/// per-speaker CMVN stats (cmvn.ark/cmvn.scp). Every file is written under a temp name and renamed.
/// A rerun keeps the features an interrupted run finished (unless <see cref="FeatureJobOptions.Overwrite"/>); a run
/// that fails deletes the features it wrote, and the output folder if it made it.
/// </summary>
public static class DataDirFeatureJob
{
    public static FeatureJobSummary Run(KaldiDataDir dir, string outDir, FeatureJobOptions options, TextWriter? log = null,
        IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var files = new FeatureJobFiles(outDir, options);
        bool madeOutDir = !Directory.Exists(files.OutDir);
        Directory.CreateDirectory(files.OutDir);
        int swept = files.SweepStaleTemps().Count;
        if (swept > 0) log?.WriteLine($"features: removed {swept} temp file(s) that a killed run left in {outDir}");

        var utts = Split(dir.Utterances, options.ShardCount)[options.ShardIndex - 1];
        var blocks = Blocks(utts, options);
        var results = new FeatureJobResults();
        try
        {
            bool reuse = StartOver(dir, files, options, utts, blocks.Count, log);
            Extract(dir, files, options, blocks, reuse, results, utts.Count, progress);
        }
        catch
        {
            TakeBack(files, results, madeOutDir);
            throw;
        }

        var skipped = results.SortedSkipped();
        if (results.Frames.Count == 0 && skipped.Count > 0)
        {
            // Nothing to make a data dir of: keep only the list of what went wrong.
            TakeBack(files, results, madeOutDir: false);
            FeatureTables.Write(files.Skipped, skipped);
        }
        else
        {
            FeatureTables.WriteFrameCounts(files.Utt2NumFrames, results.Frames);
            if (options.ShardCount == 1)
            {
                FeatureTables.CopyDataDirFiles(dir, files.OutDir, [.. results.Frames.Keys]);
                FeatureTables.WriteCmvn(files.OutDir, FeatureTables.SpeakerStats(dir, utts, results.Stats));
            }
            if (skipped.Count > 0) FeatureTables.Write(files.Skipped, skipped);
            // Last, so a folder with this table is a complete feature dir.
            FeatureTables.Write(files.Scp, results.ScpLines);
        }

        var summary = new FeatureJobSummary(results.Frames.Count, skipped, results.Frames.Values.Sum(v => (long)v),
            results.Samples / (double)options.LogMel.SampleRate, results.Kept);
        log?.WriteLine($"features: {summary.Done} utterances done ({summary.Frames} frames; " +
                       (summary.Kept > 0 ? $"{summary.Kept} kept from an earlier run, " : "") +
                       $"{summary.Done - summary.Kept} computed from {summary.AudioSeconds:F1} s of audio), " +
                       $"{summary.Skipped.Count} skipped -> {outDir}");
        foreach (var (utt, reason) in skipped) log?.WriteLine($"  skipped {utt}: {reason}");
        return summary;
    }

    /// <summary>
    /// Removes the tables (rewritten at the end) and, unless the fingerprint of an earlier run in this folder is the
    /// same as this run's, that run's features; writes this run's fingerprint. True when finished features are kept.
    /// </summary>
    static bool StartOver(KaldiDataDir dir, FeatureJobFiles files, FeatureJobOptions options, List<string> utts, int archives, TextWriter? log)
    {
        string fingerprint = FeatureJobFingerprint.Of(dir, utts, archives, options);
        string? previous = files.ReadFingerprint();
        bool reuse = !options.Overwrite && previous == fingerprint;
        if (previous != null && !reuse)
        {
            log?.WriteLine(options.Overwrite
                ? $"features: recomputing every utterance (overwrite) in {files.OutDir}"
                : $"features: {files.OutDir} holds features made with other settings or inputs ({files.Fingerprint}); recomputing every utterance");
        }
        files.RemoveTables();
        if (!reuse) files.RemoveFeatures(utts);
        AtomicFile.WriteAllText(files.Fingerprint, fingerprint);
        return reuse;
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
        var stats = new Dictionary<string, CmvnStats>(StringComparer.Ordinal);
        var frames = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var m = KaldiArk.ReadAt(e.ArkPath, e.Offset ?? 0);
            frames[e.Key] = m.Rows;
            stats[e.Key] = FeatureTables.StatsOf(m);
        }
        FeatureTables.Write(Path.Combine(outDir, "feats.scp"), entries.Select(e => (e.Key, e.RxSpecifier)));
        FeatureTables.WriteFrameCounts(Path.Combine(outDir, "utt2num_frames"), frames);
        FeatureTables.CopyDataDirFiles(dir, outDir, frames.Keys);
        FeatureTables.WriteCmvn(outDir, FeatureTables.SpeakerStats(dir, entries.Select(e => e.Key).Order(StringComparer.Ordinal), stats));
        log?.WriteLine($"features merge: {entries.Count} utterances from {shardCount} shards -> {outDir}");
        return entries.Count;
    }

    static void Extract(KaldiDataDir dir, FeatureJobFiles files, FeatureJobOptions options, List<List<string>> blocks, bool reuse,
        FeatureJobResults results, int utterances, IProgress<WorkProgress>? progress)
    {
        var counter = new ProgressCounter(progress, "features", utterances, "utt");
        using var stop = new CancellationTokenSource();
        // Blocks are handed out in order, so an interrupted run has finished the first ones.
        var order = Partitioner.Create(Enumerable.Range(0, blocks.Count), EnumerablePartitionerOptions.NoBuffering);
        try
        {
            Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = options.Jobs }, b =>
            {
                try
                {
                    new FeatureBlock(dir, files, options, results, counter, stop.Token).Run(b + 1, blocks[b], reuse);
                }
                catch
                {
                    stop.Cancel(); // the other jobs stop at their next utterance
                    throw;
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Report the first failing file itself, not "one or more errors occurred" or the jobs it stopped.
            var first = e.InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException) ?? e.InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
    }

    /// <summary>After a failure: deletes the features this run wrote, and the folders it made if they are empty.</summary>
    static void TakeBack(FeatureJobFiles files, FeatureJobResults results, bool madeOutDir)
    {
        foreach (string path in results.Written) FeatureJobFiles.Delete(path);
        if (results.Kept == 0) FeatureJobFiles.Delete(files.Fingerprint);
        files.RemoveEmptyFolders(includeOutDir: madeOutDir);
    }

    /// <summary>Consecutive blocks of at most UtterancesPerArchive utterances, and at least one per job.</summary>
    static List<List<string>> Blocks(IReadOnlyList<string> utts, FeatureJobOptions options)
    {
        if (utts.Count == 0) return [];
        int perArchive = options.UtterancesPerArchive;
        int count = Math.Max((utts.Count + perArchive - 1) / perArchive, Math.Min(options.Jobs, utts.Count));
        return Split(utts, count);
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
}
