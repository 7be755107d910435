using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;

namespace SpeechDisentangle.Models.VoiceConversion.Data;

/// <summary>Reads every utterance of a Kaldi feature data dir (feats.scp, utt2spk, text), or of a plain data dir, into memory.</summary>
public static class VcFeatureLoader
{
    public static IReadOnlyList<SpeechUtterance> Load(string directory)
    {
        string scp = Path.Combine(directory, KaldiFileNames.FeatsScp);
        if (AudioFrontEnd(directory) is { } audio) return FromAudio(directory, audio.LogMel);
        if (!File.Exists(scp))
            throw new FileNotFoundException($"'{scp}' is missing: expected a feature data dir (sdt features compute --preset slaney)", scp);
        // One reader for feature data dirs serves every speech task; VC works on raw log-mels (no CMVN).
        var features = FeatureDataDir.Load(directory, CmvnMode.None);
        if (features.Utterances.Count == 0) throw new InvalidDataException($"{scp}: no utterances");
        return features.Utterances.Select(u => u with { Text = u.Text.Trim() }).ToList();
    }

    /// <summary>The utterances of a feature data dir indexed for streaming (no CMVN, text trimmed as <see cref="Load"/> trims it).</summary>
    public static StreamedUtterances Index(string directory)
    {
        var dir = FeatureIndex.Load(directory, CmvnMode.None);
        return new StreamedUtterances(dir.Index!, [.. dir.Utterances.Select(u => u with { Text = u.Text.Trim() })]);
    }

    /// <summary>Memory or stream for <paramref name="directory"/>; a plain data dir (audio, no feats.scp) is always read into memory.</summary>
    public static FeatureLoadingChoice Choose(string directory, FeatureLoadingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (File.Exists(Path.Combine(directory, KaldiFileNames.FeatsScp))) return FeatureLoadingChoice.For(directory, options);
        if (options.Mode == FeatureLoadingMode.Stream)
            throw new InvalidDataException($"{directory}: data.loading.mode stream needs computed features (feats.scp); run 'sdt features compute --preset slaney' first");
        return new FeatureLoadingChoice(FeatureLoadingMode.Memory, $"{directory}: audio without feats.scp is read into memory");
    }

    /// <summary>
    /// The front end <see cref="Load"/> computes log-mels with for a plain data dir (wav.scp, no feats.scp): the slaney
    /// preset; null when <paramref name="directory"/> is not one.
    /// </summary>
    public static FeatureFrontEnd? AudioFrontEnd(string directory) =>
        !File.Exists(Path.Combine(directory, KaldiFileNames.FeatsScp)) && File.Exists(Path.Combine(directory, KaldiFileNames.WavScp))
            ? new FeatureFrontEnd(LogMelOptions.Slaney(), ChannelSelection.Default)
            : null;

    /// <summary>A plain data dir (wav.scp, no features): log-mels computed here with <paramref name="options"/> (no segments, no pipes).</summary>
    private static List<SpeechUtterance> FromAudio(string directory, LogMelOptions options)
    {
        var dir = KaldiDataDir.Load(directory, requireSorted: false);
        if (dir.HasSegments) throw new InvalidDataException($"{directory}: data dirs with segments need `sdt features compute` first");
        var extractor = new LogMelExtractor(options);
        var result = new List<SpeechUtterance>();
        foreach (var utt in dir.Utterances)
        {
            var audio = AudioReader.ReadWavScpEntry(dir.WavScp[utt], allowPipes: false, new AudioReadOptions { TargetSampleRate = options.SampleRate });
            var feats = extractor.Compute(audio.ToMono());
            if (feats.Length == 0) throw new InvalidDataException($"{directory}/wav.scp: utterance '{utt}' is too short for one frame");
            result.Add(new SpeechUtterance(utt, dir.Utt2Spk[utt], dir.Text.TryGetValue(utt, out var t) ? t.Trim() : "",
                feats, feats.Length / extractor.NumBins, extractor.NumBins));
        }
        if (result.Count == 0) throw new InvalidDataException($"{directory}/wav.scp: no utterances");
        return result;
    }
}
