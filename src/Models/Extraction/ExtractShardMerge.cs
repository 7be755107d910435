using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Common.SpeechData;

namespace SpeechDisentangle.Models.Extraction;

/// <summary>
/// `sdt extract merge`: joins what N `sdt extract --shard K/N` runs wrote (frames.K.scp, utt_embeddings.K.scp,
/// utt2num_frames.K) into the files one `sdt extract --nj N` run writes: frames.scp, utt_embeddings.scp and the
/// output's data dir (utt2spk, spk2utt, text, utt2num_frames, feats.scp or npy.scp as the shards' format was),
/// byte for byte the same.
/// </summary>
public static class ExtractShardMerge
{
    /// <summary>Merges the shards in <paramref name="outDir"/>; speakers and transcripts come from <paramref name="dataDir"/>, the extract's input. Returns the utterance count.</summary>
    public static int Run(string dataDir, string outDir, int shardCount, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(dataDir);
        ArgumentNullException.ThrowIfNull(outDir);
        if (shardCount < 1) throw new ArgumentException($"--shards must be >= 1 (got {shardCount})");
        var frames = new List<KaldiScpEntry>();
        var embeddings = new List<KaldiScpEntry>();
        var numFrames = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<string>();
        for (int k = 1; k <= shardCount; k++)
        {
            frames.AddRange(KaldiScp.Read(ShardFile(outDir, "frames", k, ".scp", shardCount)));
            embeddings.AddRange(KaldiScp.Read(ShardFile(outDir, "utt_embeddings", k, ".scp", shardCount)));
            foreach (var line in KaldiTableFile.Read(ShardFile(outDir, "utt2num_frames", k, "", shardCount), errors))
            {
                if (!int.TryParse(line.Rest, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n))
                    errors.Add($"{line.Where}: '{line.Rest}' is not a frame count");
                else if (!numFrames.TryAdd(line.Key, n))
                    errors.Add($"{line.Where}: utterance '{line.Key}' occurs in more than one shard");
            }
        }
        var utt2spk = FeatureDataDir.ReadTable(dataDir, KaldiFileNames.Utt2Spk, required: true, errors);
        var text = FeatureDataDir.ReadTable(dataDir, KaldiFileNames.Text, required: false, errors);
        if (errors.Count > 0) throw new DataDirException(outDir, errors);

        var inFrames = frames.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        foreach (string utt in numFrames.Keys.Where(u => !inFrames.Contains(u)))
            errors.Add($"utterance '{utt}' has a frame count but no entry in any frames.K.scp");
        foreach (string utt in inFrames.Where(u => !numFrames.ContainsKey(u)))
            errors.Add($"utterance '{utt}' is in a frames.K.scp but in no utt2num_frames.K");
        foreach (string utt in inFrames.Where(u => !utt2spk.ContainsKey(u)))
            errors.Add($"utterance '{utt}' is not in {Path.Combine(dataDir, KaldiFileNames.Utt2Spk)}: was --input the extract's input?");
        foreach (string utt in utt2spk.Keys.Where(u => !inFrames.Contains(u)).Take(5))
            errors.Add($"utterance '{utt}' of {Path.Combine(dataDir, KaldiFileNames.Utt2Spk)} is in no shard: did every `sdt extract --shard K/{shardCount}` finish?");
        if (errors.Count > 0) throw new DataDirException(outDir, errors);

        var rows = numFrames.Keys.Order(StringComparer.Ordinal)
            .Select(u => new ExtractedUtterance(u, utt2spk[u].Rest, text.TryGetValue(u, out var t) ? t.Rest : "", numFrames[u]))
            .ToList();
        var sortedFrames = frames.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        KaldiScp.Write(Path.Combine(outDir, "frames.scp"), sortedFrames);
        KaldiScp.Write(Path.Combine(outDir, "utt_embeddings.scp"), embeddings.OrderBy(e => e.Key, StringComparer.Ordinal));
        // npy entries name whole files; ark entries always carry an offset.
        var format = sortedFrames.Count > 0 && sortedFrames.All(e => e.Offset is null) ? FeatureFormat.Npy : FeatureFormat.Ark;
        SpeechFeatureExtractor.WriteDataDir(outDir, rows, sortedFrames, format);
        log?.WriteLine($"extract merge: {rows.Count} utterances from {shardCount} shards -> {outDir}");
        return rows.Count;
    }

    static string ShardFile(string outDir, string name, int k, string extension, int shardCount)
    {
        string path = Path.Combine(outDir, $"{name}.{k}{extension}");
        return File.Exists(path) ? path
            : throw new FileNotFoundException($"shard {k}/{shardCount} is missing: {path} does not exist (did `sdt extract --shard {k}/{shardCount}` finish?)", path);
    }
}
