using SpeechDisentangle.Audio.Data;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>
/// The tables of a feature data directory that <see cref="DataSplit"/> reads, checked for agreement: every
/// utterance has a speaker and features, every speaker in spk2utt has utterances, text and utt2num_frames name only
/// known utterances, and every speaker has CMVN stats when cmvn.scp exists. All problems are reported at once.
/// </summary>
internal sealed class SourceTables
{
    public required string Directory { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, TableLine>> Tables { get; init; }
    public required IReadOnlyDictionary<string, TableLine> Utt2Spk { get; init; }
    public required IReadOnlyDictionary<string, TableLine> Text { get; init; }
    public required IReadOnlyList<string> Utterances { get; init; }
    public required IReadOnlyList<string> Speakers { get; init; }

    static readonly string[] Known = [KaldiFileNames.Utt2Spk, KaldiFileNames.Spk2Utt, KaldiFileNames.Text, KaldiFileNames.FeatsScp,
        "npy.scp", "utt2num_frames", "cmvn.scp", KaldiFileNames.WavScp];

    public static SourceTables Read(string dir)
    {
        if (!System.IO.Directory.Exists(dir)) throw new DataDirException($"feature data directory '{dir}' does not exist");
        var errors = new List<string>();
        var tables = new Dictionary<string, IReadOnlyDictionary<string, TableLine>>(StringComparer.Ordinal);
        foreach (var name in Known)
        {
            string path = Path.Combine(dir, name);
            if (File.Exists(path)) tables[name] = KaldiTableFile.Index(KaldiTableFile.Read(path, errors), requireSorted: false, errors, []);
        }
        if (!tables.ContainsKey(KaldiFileNames.Utt2Spk)) errors.Add($"{Path.Combine(dir, KaldiFileNames.Utt2Spk)}: missing");
        string? feats = tables.ContainsKey(KaldiFileNames.FeatsScp) ? KaldiFileNames.FeatsScp : tables.ContainsKey("npy.scp") ? "npy.scp" : null;
        if (feats is null) errors.Add($"{dir}: has neither feats.scp nor npy.scp (run 'sdt features compute' first)");
        if (errors.Count > 0) throw new DataDirException(dir, errors);

        var utt2spk = tables[KaldiFileNames.Utt2Spk];
        foreach (var (utt, line) in utt2spk)
        {
            if (line.Fields.Length != 1) errors.Add($"{line.Where}: expected 'utterance speaker', got '{utt} {line.Rest}'");
            if (!tables[feats!].ContainsKey(utt)) errors.Add($"{line.Where}: utterance '{utt}' has no features in {feats}");
        }
        foreach (var name in new[] { feats!, KaldiFileNames.Text, "utt2num_frames", KaldiFileNames.WavScp })
            if (tables.TryGetValue(name, out var table))
                foreach (var (utt, line) in table)
                    if (!utt2spk.ContainsKey(utt)) errors.Add($"{line.Where}: utterance '{utt}' is not in utt2spk");
        var speakers = utt2spk.Values.Select(l => l.Rest).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (tables.TryGetValue(KaldiFileNames.Spk2Utt, out var spk2utt))
            foreach (var (spk, line) in spk2utt)
            {
                if (line.Fields.Length == 0) errors.Add($"{line.Where}: speaker '{spk}' has no utterances");
                foreach (var utt in line.Fields)
                    if (!utt2spk.TryGetValue(utt, out var u) || u.Rest != spk)
                        errors.Add($"{line.Where}: utterance '{utt}' of speaker '{spk}' does not belong to '{spk}' in utt2spk");
            }
        if (tables.TryGetValue("cmvn.scp", out var cmvn))
            foreach (var spk in speakers)
                if (!cmvn.ContainsKey(spk)) errors.Add($"{Path.Combine(dir, "cmvn.scp")}: speaker '{spk}' has no CMVN stats");
        if (utt2spk.Count == 0) errors.Add($"{Path.Combine(dir, KaldiFileNames.Utt2Spk)}: no utterances");
        if (errors.Count > 0) throw new DataDirException(dir, errors);
        return new SourceTables
        {
            Directory = dir,
            Tables = tables,
            Utt2Spk = utt2spk,
            Text = tables.TryGetValue(KaldiFileNames.Text, out var text) ? text : new Dictionary<string, TableLine>(),
            Utterances = [.. utt2spk.Keys.Order(StringComparer.Ordinal)],
            Speakers = speakers,
        };
    }
}
