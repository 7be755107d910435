using System.Globalization;

namespace SpeechDisentangle.Audio.Data;

/// <summary>
/// Applies the checks of Kaldi's utils/validate_data_dir.sh to parsed table files. Every error names the file and the
/// 1-based line it concerns; all are collected before a single <see cref="DataDirException"/> is thrown.
/// </summary>
internal sealed class DataDirValidator(string directory, bool requireSorted, IEnumerable<string> earlierErrors)
{
    readonly List<string> errors = [.. earlierErrors];
    readonly List<string> warnings = [];

    /// <summary>Validates the tables (file name → lines; absent files are missing keys) and builds the data dir.</summary>
    public KaldiDataDir Validate(IReadOnlyDictionary<string, IReadOnlyList<TableLine>> tables)
    {
        var wav = IndexIfPresent(tables, KaldiFileNames.WavScp);
        var utt2spk = IndexIfPresent(tables, KaldiFileNames.Utt2Spk);
        var spk2utt = IndexIfPresent(tables, KaldiFileNames.Spk2Utt);
        var text = IndexIfPresent(tables, KaldiFileNames.Text);
        var segments = IndexIfPresent(tables, KaldiFileNames.Segments);
        var feats = IndexIfPresent(tables, KaldiFileNames.FeatsScp);

        if (utt2spk is null) errors.Add($"{Path.Combine(directory, KaldiFileNames.Utt2Spk)}: file is missing");
        if (spk2utt is null)
            errors.Add($"{Path.Combine(directory, KaldiFileNames.Spk2Utt)}: file is missing "
                + "(create it from utt2spk, e.g. utils/utt2spk_to_spk2utt.pl)");
        if (wav is null && feats is null)
            errors.Add($"{Path.Combine(directory, KaldiFileNames.WavScp)}: file is missing (and there is no feats.scp)");

        var speakerOf = CheckUtt2Spk(utt2spk);
        if (spk2utt is not null && utt2spk is not null) CheckSpk2Utt(spk2utt, speakerOf, utt2spk);
        var wavScp = CheckWavScp(wav);
        var segmentMap = CheckSegments(segments, wav);
        if (utt2spk is not null) CheckUtterancesHaveAudio(utt2spk, wav, segments);
        var textMap = CheckText(text, speakerOf);
        var featsMap = CheckFeats(feats, speakerOf);
        WarnIfSpeakerOrderDiffers(speakerOf);

        if (errors.Count > 0) throw new DataDirException(directory, errors);
        return new KaldiDataDir(directory, wavScp, speakerOf, textMap, segmentMap, featsMap, warnings);
    }

    Dictionary<string, TableLine>? IndexIfPresent(IReadOnlyDictionary<string, IReadOnlyList<TableLine>> tables, string name) =>
        tables.TryGetValue(name, out var lines) ? KaldiTableFile.Index(lines, requireSorted, errors, warnings) : null;

    Dictionary<string, string> CheckUtt2Spk(Dictionary<string, TableLine>? utt2spk)
    {
        var speakerOf = new Dictionary<string, string>(StringComparer.Ordinal);
        if (utt2spk is null) return speakerOf;
        foreach (var line in utt2spk.Values)
        {
            string[] fields = line.Fields;
            if (fields.Length != 1)
                errors.Add($"{line.Where}: expected 'utterance speaker', found {fields.Length + 1} fields");
            else speakerOf[line.Key] = fields[0];
        }
        return speakerOf;
    }

    void CheckSpk2Utt(Dictionary<string, TableLine> spk2utt, Dictionary<string, string> speakerOf,
        Dictionary<string, TableLine> utt2spk)
    {
        var listed = new Dictionary<string, TableLine>(StringComparer.Ordinal);
        foreach (var line in spk2utt.Values)
        {
            string[] utts = line.Fields;
            if (utts.Length == 0) errors.Add($"{line.Where}: speaker '{line.Key}' has no utterances");
            foreach (string utt in utts)
            {
                if (!listed.TryAdd(utt, line))
                    errors.Add($"{line.Where}: utterance '{utt}' is listed again (already at line {listed[utt].LineNumber})");
                else if (!speakerOf.TryGetValue(utt, out string? speaker))
                {
                    if (!utt2spk.ContainsKey(utt)) errors.Add($"{line.Where}: utterance '{utt}' is not in utt2spk");
                }
                else if (speaker != line.Key)
                    errors.Add($"{line.Where}: utterance '{utt}' is under speaker '{line.Key}' "
                        + $"but utt2spk line {utt2spk[utt].LineNumber} says '{speaker}'");
            }
        }
        foreach (var (utt, speaker) in speakerOf)
            if (!listed.ContainsKey(utt))
                errors.Add($"{utt2spk[utt].Where}: utterance '{utt}' (speaker '{speaker}') is missing from spk2utt");
    }

    Dictionary<string, string> CheckWavScp(Dictionary<string, TableLine>? wav)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (wav is null) return map;
        foreach (var line in wav.Values)
        {
            if (line.Rest.Length == 0) errors.Add($"{line.Where}: '{line.Key}' has no path or command");
            else map[line.Key] = line.Rest;
        }
        return map;
    }

    Dictionary<string, KaldiSegment> CheckSegments(Dictionary<string, TableLine>? segments, Dictionary<string, TableLine>? wav)
    {
        var map = new Dictionary<string, KaldiSegment>(StringComparer.Ordinal);
        if (segments is null) return map;
        if (wav is null) errors.Add($"{Path.Combine(directory, KaldiFileNames.Segments)}: segments need a wav.scp");
        foreach (var line in segments.Values)
        {
            string[] f = line.Fields;
            if (f.Length != 3)
            {
                errors.Add($"{line.Where}: expected 'segment recording start end', found {f.Length + 1} fields");
                continue;
            }
            bool startOk = double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double start);
            bool endOk = double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double end);
            if (!startOk || !endOk || !double.IsFinite(start) || !double.IsFinite(end))
            {
                errors.Add($"{line.Where}: start '{f[1]}' and end '{f[2]}' must be numbers of seconds");
                continue;
            }
            if (start < 0) errors.Add($"{line.Where}: start {f[1]} is negative");
            else if (end != -1 && end <= start) errors.Add($"{line.Where}: end {f[2]} is not after start {f[1]}");
            else if (wav is not null && !wav.ContainsKey(f[0]))
                errors.Add($"{line.Where}: recording '{f[0]}' is not in wav.scp");
            else map[line.Key] = new KaldiSegment(f[0], start, end);
        }
        return map;
    }

    void CheckUtterancesHaveAudio(Dictionary<string, TableLine> utt2spk, Dictionary<string, TableLine>? wav,
        Dictionary<string, TableLine>? segments)
    {
        if (segments is not null)
        {
            foreach (var line in utt2spk.Values)
                if (!segments.ContainsKey(line.Key)) errors.Add($"{line.Where}: utterance '{line.Key}' has no line in segments");
            foreach (var line in segments.Values)
                if (!utt2spk.ContainsKey(line.Key)) errors.Add($"{line.Where}: segment '{line.Key}' is not in utt2spk");
        }
        else if (wav is not null)
        {
            foreach (var line in utt2spk.Values)
                if (!wav.ContainsKey(line.Key)) errors.Add($"{line.Where}: utterance '{line.Key}' has no line in wav.scp");
            foreach (var line in wav.Values)
                if (!utt2spk.ContainsKey(line.Key)) errors.Add($"{line.Where}: recording '{line.Key}' is not in utt2spk");
        }
    }

    Dictionary<string, string> CheckText(Dictionary<string, TableLine>? text, Dictionary<string, string> speakerOf)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (text is null) return map;
        foreach (var line in text.Values)
        {
            if (!speakerOf.ContainsKey(line.Key)) errors.Add($"{line.Where}: utterance '{line.Key}' is not in utt2spk");
            else map[line.Key] = line.Rest;
        }
        var missing = speakerOf.Keys.Where(u => !text.ContainsKey(u)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            warnings.Add($"{Path.Combine(directory, KaldiFileNames.Text)}: {missing.Count} utterance(s) have no transcript, "
                + $"e.g. '{missing[0]}'");
        return map;
    }

    Dictionary<string, string> CheckFeats(Dictionary<string, TableLine>? feats, Dictionary<string, string> speakerOf)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (feats is null) return map;
        foreach (var line in feats.Values)
        {
            if (line.Rest.Length == 0) errors.Add($"{line.Where}: '{line.Key}' has no rxspecifier");
            else if (!speakerOf.ContainsKey(line.Key)) errors.Add($"{line.Where}: utterance '{line.Key}' is not in utt2spk");
            else map[line.Key] = line.Rest;
        }
        foreach (string utt in speakerOf.Keys.Order(StringComparer.Ordinal))
            if (!feats.ContainsKey(utt))
                errors.Add($"{Path.Combine(directory, KaldiFileNames.FeatsScp)}: utterance '{utt}' has no features");
        return map;
    }

    // Kaldi's split_data.sh and per-speaker CMVN assume a speaker's utterances are contiguous in sorted order,
    // which holds when utterance ids start with the speaker id. This toolkit does not need it, so it only warns.
    void WarnIfSpeakerOrderDiffers(Dictionary<string, string> speakerOf)
    {
        string? previous = null;
        foreach (string utt in speakerOf.Keys.Order(StringComparer.Ordinal))
        {
            string speaker = speakerOf[utt];
            if (previous is not null && string.CompareOrdinal(previous, speaker) > 0)
            {
                warnings.Add($"{Path.Combine(directory, KaldiFileNames.Utt2Spk)}: sorting by utterance does not sort by "
                    + $"speaker (at '{utt}'); Kaldi recipes expect utterance ids to start with the speaker id");
                return;
            }
            previous = speaker;
        }
    }
}
