using System.Globalization;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>
/// A feature data directory (what `sdt features compute` and `sdt data split` write) loaded into memory: utt2spk,
/// text (optional), and the features from feats.scp (Kaldi archives) or npy.scp (one .npy per utterance),
/// normalised as <see cref="CmvnMode"/> asks (per speaker from cmvn.scp by default).
/// </summary>
public sealed class FeatureDataDir
{
    /// <summary>The directory loaded.</summary>
    public string Directory { get; }

    /// <summary>Utterances in ordinal utterance-id order.</summary>
    public IReadOnlyList<SpeechUtterance> Utterances { get; }

    /// <summary>Feature dimension shared by every utterance.</summary>
    public int Bins { get; }

    /// <summary>Speaker ids in ordinal order.</summary>
    public IReadOnlyList<string> Speakers { get; }

    /// <summary>The normalisation applied.</summary>
    public CmvnMode Cmvn { get; }

    /// <summary>
    /// When the features are streamed rather than loaded: the index they are read through, and
    /// <see cref="Utterances"/> hold each utterance's id, speaker, text and shape but no features (empty
    /// <see cref="SpeechUtterance.Feats"/>). Null for a loaded data dir.
    /// </summary>
    public Streaming.FeatureIndex? Index { get; }

    internal FeatureDataDir(string directory, IReadOnlyList<SpeechUtterance> utterances, int bins, CmvnMode cmvn, Streaming.FeatureIndex? index = null)
    {
        Index = index;
        Directory = directory;
        Utterances = utterances;
        Bins = bins;
        Cmvn = cmvn;
        Speakers = [.. utterances.Select(u => u.Speaker).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Loads <paramref name="dir"/>. Throws <see cref="DataDirException"/> listing every problem (missing files,
    /// utterances without features or speaker, mismatched dimensions, frame counts that disagree with
    /// utt2num_frames, speakers without CMVN stats), each naming the file and line.
    /// </summary>
    /// <param name="dir">The data directory.</param>
    /// <param name="cmvn">Normalisation to apply.</param>
    /// <param name="normVars">Also divide by the standard deviation (Kaldi's --norm-vars).</param>
    /// <param name="scp">
    /// Another scp of the folder to read instead of feats.scp / npy.scp (e.g. utt_embeddings.scp of `sdt extract`):
    /// its entries may be vectors, read as one frame each, and utt2num_frames is not checked against them.
    /// </param>
    public static FeatureDataDir Load(string dir, CmvnMode cmvn = CmvnMode.Speaker, bool normVars = false, string? scp = null)
    {
        var (utt2spk, text, numFrames, feats) = ReadListing(dir, scp);
        var errors = new List<string>();
        List<SpeechUtterance> utterances;
        using (var files = new Streaming.FeatureFiles(vectors: scp is not null))
            utterances = ReadFeatures(utt2spk, text, numFrames, feats, files.Read, errors);
        if (errors.Count > 0) throw new DataDirException(dir, errors);
        int bins = utterances[0].Bins;
        Normalise(dir, utterances, bins, cmvn, normVars, errors);
        if (errors.Count > 0) throw new DataDirException(dir, errors);
        return new FeatureDataDir(dir, utterances, bins, cmvn);
    }

    /// <summary>
    /// The tables of <paramref name="dir"/> (utt2spk, text, utt2num_frames, the feature scp) checked against each
    /// other, without reading any features; throws <see cref="DataDirException"/> listing every problem.
    /// </summary>
    internal static (Dictionary<string, TableLine> Utt2Spk, Dictionary<string, TableLine> Text, Dictionary<string, TableLine> NumFrames,
        Dictionary<string, ScpEntry> Feats) ReadListing(string dir, string? scp)
    {
        ArgumentNullException.ThrowIfNull(dir);
        if (!System.IO.Directory.Exists(dir)) throw new DataDirException($"feature data directory '{dir}' does not exist");
        var errors = new List<string>();
        var utt2spk = ReadTable(dir, KaldiFileNames.Utt2Spk, required: true, errors);
        var text = ReadTable(dir, KaldiFileNames.Text, required: false, errors);
        var numFrames = scp is null ? ReadTable(dir, "utt2num_frames", required: false, errors) : new(StringComparer.Ordinal);
        var (scpName, feats) = ReadFeatureScp(dir, scp, errors);
        if (errors.Count > 0) throw new DataDirException(dir, errors);

        foreach (var (utt, line) in utt2spk)
        {
            if (line.Fields.Length != 1) errors.Add($"{line.Where}: expected 'utterance speaker', got '{utt} {line.Rest}'");
            if (!feats.ContainsKey(utt)) errors.Add($"{line.Where}: utterance '{utt}' has no features in {scpName}");
        }
        foreach (var (utt, entry) in feats)
            if (!utt2spk.ContainsKey(utt)) errors.Add($"{entry.Where}: utterance '{utt}' is not in utt2spk");
        foreach (var (utt, line) in text)
            if (!utt2spk.ContainsKey(utt)) errors.Add($"{line.Where}: utterance '{utt}' is not in utt2spk");
        if (utt2spk.Count == 0) errors.Add($"{Path.Combine(dir, KaldiFileNames.Utt2Spk)}: no utterances");
        if (errors.Count > 0) throw new DataDirException(dir, errors);
        return (utt2spk, text, numFrames, feats);
    }

    /// <summary>The utterances for which <paramref name="keep"/> is true, as a data dir with the same settings.</summary>
    public FeatureDataDir Where(Func<SpeechUtterance, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        return new FeatureDataDir(Directory, [.. Utterances.Where(keep)], Bins, Cmvn, Index);
    }

    /// <summary>One line of the feature scp: where it is written, and the ark (with offset) or .npy it points at.</summary>
    internal sealed record ScpEntry(string Where, string Path, long? Offset, bool Npy);

    internal static Dictionary<string, TableLine> ReadTable(string dir, string name, bool required, List<string> errors)
    {
        string path = Path.Combine(dir, name);
        if (!File.Exists(path))
        {
            if (required) errors.Add($"{path}: missing (a feature data dir needs {name})");
            return new(StringComparer.Ordinal);
        }
        return KaldiTableFile.Index(KaldiTableFile.Read(path, errors), requireSorted: false, errors, []);
    }

    static (string Name, Dictionary<string, ScpEntry> Entries) ReadFeatureScp(string dir, string? scp, List<string> errors)
    {
        string ark = Path.Combine(dir, scp ?? KaldiFileNames.FeatsScp), npy = Path.Combine(dir, "npy.scp");
        bool hasArk = File.Exists(ark), hasNpy = scp is null && File.Exists(npy);
        var entries = new Dictionary<string, ScpEntry>(StringComparer.Ordinal);
        if (scp is not null && !hasArk)
        {
            errors.Add($"{ark}: missing (the scp asked for)");
            return (scp, entries);
        }
        if (!hasArk && !hasNpy)
        {
            errors.Add($"{dir}: has neither feats.scp nor npy.scp (run 'sdt features compute' first)");
            return ("feats.scp", entries);
        }
        if (hasArk && hasNpy) errors.Add($"{dir}: has both feats.scp and npy.scp; keep one so it is clear which features to use");
        string path = hasArk ? ark : npy;
        var lines = KaldiTableFile.Index(KaldiTableFile.Read(path, errors), requireSorted: false, errors, []);
        foreach (var (utt, line) in lines)
        {
            string rx = line.Rest;
            if (rx.Length == 0) { errors.Add($"{line.Where}: '{utt}' has no path"); continue; }
            if (!hasArk) { entries[utt] = new ScpEntry(line.Where, rx, null, Npy: true); continue; }
            if (rx.EndsWith('|') || rx.EndsWith(']')) { errors.Add($"{line.Where}: pipes and ranges are not supported ('{rx}')"); continue; }
            int colon = rx.LastIndexOf(':');
            entries[utt] = colon > 0 && long.TryParse(rx.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long offset)
                ? new ScpEntry(line.Where, rx[..colon], offset, Npy: false)
                : new ScpEntry(line.Where, rx, null, Npy: false);
        }
        return (Path.GetFileName(path), entries);
    }

    /// <summary>
    /// The utterances of utt2spk in ordinal order with what <paramref name="read"/> gives for each scp entry (features,
    /// or for an index an empty array and the shape), checked: readable, not empty, one feature dimension, frame counts
    /// as utt2num_frames says. Problems go to <paramref name="errors"/>, naming the scp or table line.
    /// </summary>
    internal static List<SpeechUtterance> ReadFeatures(Dictionary<string, TableLine> utt2spk, Dictionary<string, TableLine> text,
        Dictionary<string, TableLine> numFrames, Dictionary<string, ScpEntry> feats, Func<ScpEntry, (float[] Data, int Rows, int Cols)> read, List<string> errors)
    {
        var result = new List<SpeechUtterance>(utt2spk.Count);
        int? bins = null;
        string? binsFrom = null;
        foreach (string utt in utt2spk.Keys.Order(StringComparer.Ordinal))
        {
            var entry = feats[utt];
            float[] data;
            int rows, cols;
            try
            {
                (data, rows, cols) = read(entry);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                errors.Add($"{entry.Where}: cannot read features of '{utt}': {e.Message}");
                continue;
            }
            if (rows == 0 || cols == 0) { errors.Add($"{entry.Where}: '{utt}' has an empty {rows}x{cols} feature matrix"); continue; }
            if (bins is null) { bins = cols; binsFrom = utt; }
            else if (cols != bins) { errors.Add($"{entry.Where}: '{utt}' has {cols} feature bins but '{binsFrom}' has {bins}"); continue; }
            if (numFrames.TryGetValue(utt, out var n) && n.Rest != rows.ToString(CultureInfo.InvariantCulture))
                errors.Add($"{n.Where}: utt2num_frames says '{n.Rest}' frames for '{utt}' but its features have {rows}");
            string words = text.TryGetValue(utt, out var t) ? t.Rest : "";
            result.Add(new SpeechUtterance(utt, utt2spk[utt].Rest, words, data, rows, cols));
        }
        return result;
    }

    static void Normalise(string dir, List<SpeechUtterance> utterances, int bins, CmvnMode mode, bool normVars, List<string> errors)
    {
        var normaliser = FeatureNormaliser.Create(dir, mode, normVars, bins, utterances.Select(u => u.Speaker), () => utterances.Select(u => u.Feats), errors);
        if (errors.Count > 0) return;
        foreach (var u in utterances) normaliser.Apply(u.Feats, u.Speaker);
    }

    internal static Dictionary<string, CmvnStats> ReadSpeakerStats(string dir, int bins, HashSet<string> speakers, List<string> errors)
    {
        string path = Path.Combine(dir, "cmvn.scp");
        var result = new Dictionary<string, CmvnStats>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            errors.Add($"{path}: missing, so per-speaker CMVN is impossible (compute features with 'sdt features compute', or use cmvn utt|global|none)");
            return result;
        }
        var lines = KaldiTableFile.Index(KaldiTableFile.Read(path, errors), requireSorted: false, errors, []);
        using var reader = new KaldiScpReader(path);
        foreach (string speaker in speakers.Order(StringComparer.Ordinal))
        {
            if (!lines.TryGetValue(speaker, out var line)) { errors.Add($"{path}: speaker '{speaker}' has no CMVN stats"); continue; }
            try
            {
                var m = reader.Read(speaker);
                if (m.Rows != 2 || m.Cols != bins + 1)
                {
                    errors.Add($"{line.Where}: stats of '{speaker}' are {m.Rows}x{m.Cols}, expected 2x{bins + 1} for {bins}-bin features");
                    continue;
                }
                var matrix = new double[2, bins + 1];
                for (int r = 0; r < 2; r++)
                    for (int c = 0; c <= bins; c++) matrix[r, c] = m[r, c];
                var stats = CmvnStats.FromMatrix(matrix);
                if (!(stats.Count >= 1)) { errors.Add($"{line.Where}: stats of '{speaker}' count {stats.Count} frames"); continue; }
                result[speaker] = stats;
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                errors.Add($"{line.Where}: cannot read stats of '{speaker}': {e.Message}");
            }
        }
        return result;
    }
}
