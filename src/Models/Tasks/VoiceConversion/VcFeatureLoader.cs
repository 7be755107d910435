using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Models.Tasks.VoiceConversion;

/// <summary>Reads every utterance of a Kaldi feature data dir (feats.scp, utt2spk, text) into memory.</summary>
public static class VcFeatureLoader
{
    public static IReadOnlyList<VcUtterance> Load(string directory)
    {
        string scp = Path.Combine(directory, KaldiFileNames.FeatsScp);
        if (!File.Exists(scp) && File.Exists(Path.Combine(directory, KaldiFileNames.WavScp))) return FromAudio(directory);
        if (!File.Exists(scp))
            throw new FileNotFoundException($"'{scp}' is missing: expected a feature data dir (sdt features compute --preset slaney)", scp);
        var dir = KaldiDataDir.Load(directory, requireSorted: false);
        using var reader = new KaldiScpReader(scp);
        var result = new List<VcUtterance>();
        int bins = -1;
        foreach (var utt in reader.Keys)
        {
            if (!dir.Utt2Spk.TryGetValue(utt, out var speaker))
                throw new InvalidDataException($"{scp}: utterance '{utt}' has no speaker in utt2spk");
            var m = reader.Read(utt);
            if (m.Rows == 0) throw new InvalidDataException($"{scp}: utterance '{utt}' has 0 frames");
            if (bins >= 0 && m.Cols != bins)
                throw new InvalidDataException($"{scp}: utterance '{utt}' has {m.Cols} bins, earlier ones {bins}");
            bins = m.Cols;
            result.Add(new VcUtterance(utt, speaker, dir.Text.TryGetValue(utt, out var t) ? t.Trim() : "", m.Data, m.Rows, m.Cols));
        }
        if (result.Count == 0) throw new InvalidDataException($"{scp}: no utterances");
        return result;
    }

    /// <summary>A plain data dir (wav.scp, no features): slaney log-mels computed here (no segments, no pipes).</summary>
    private static List<VcUtterance> FromAudio(string directory)
    {
        var dir = KaldiDataDir.Load(directory, requireSorted: false);
        if (dir.HasSegments) throw new InvalidDataException($"{directory}: data dirs with segments need `sdt features compute` first");
        var options = LogMelOptions.Slaney();
        var extractor = new LogMelExtractor(options);
        var result = new List<VcUtterance>();
        foreach (var utt in dir.Utterances)
        {
            var audio = AudioReader.ReadWavScpEntry(dir.WavScp[utt], allowPipes: false, new AudioReadOptions { TargetSampleRate = options.SampleRate });
            var feats = extractor.Compute(audio.ToMono());
            if (feats.Length == 0) throw new InvalidDataException($"{directory}/wav.scp: utterance '{utt}' is too short for one frame");
            result.Add(new VcUtterance(utt, dir.Utt2Spk[utt], dir.Text.TryGetValue(utt, out var t) ? t.Trim() : "",
                feats, feats.Length / extractor.NumBins, extractor.NumBins));
        }
        if (result.Count == 0) throw new InvalidDataException($"{directory}/wav.scp: no utterances");
        return result;
    }
}
