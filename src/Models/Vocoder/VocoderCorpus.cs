using SpeechDisentangle.Common;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Models.Vocoder;

/// <summary>One utterance's audio at the vocoder's sample rate (mono float samples in [−1, 1]).</summary>
public sealed record VocoderUtterance(string Utt, string Speaker, string Text, float[] Samples);

/// <summary>
/// The audio of a Kaldi data dir (wav.scp, utt2spk, optional text), split for the vocoder: training speakers'
/// utterances train (<see cref="Train"/>) except every TestEvery-th (<see cref="SeenTest"/>); the held-out voices
/// (<see cref="HeldOut"/>) are never trained on and are what the evaluation vocodes.
/// </summary>
public sealed class VocoderCorpus(IReadOnlyList<VocoderUtterance> train, IReadOnlyList<VocoderUtterance> seenTest,
    IReadOnlyList<VocoderUtterance> heldOut, int sampleRate)
{
    public IReadOnlyList<VocoderUtterance> Train { get; } = train;
    public IReadOnlyList<VocoderUtterance> SeenTest { get; } = seenTest;
    public IReadOnlyList<VocoderUtterance> HeldOut { get; } = heldOut;
    public int SampleRate { get; } = sampleRate;

    public IReadOnlyList<string> HeldOutSpeakers => [.. HeldOut.Select(u => u.Speaker).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Reads every utterance of <paramref name="directory"/> (resampled to <paramref name="sampleRate"/>, mixed to mono).</summary>
    public static VocoderCorpus Load(string directory, VocoderDataOptions options, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!File.Exists(Path.Combine(directory, KaldiFileNames.WavScp)))
            throw new FileNotFoundException($"'{Path.Combine(directory, KaldiFileNames.WavScp)}' is missing: the vocoder trains on audio (a Kaldi data dir with wav.scp, e.g. from `sdt data prepare-vctk`), not on a feature dir; give it as --data", Path.Combine(directory, KaldiFileNames.WavScp));
        var dir = KaldiDataDir.Load(directory, requireSorted: false);
        if (dir.HasSegments) throw new InvalidDataException($"{directory}: data dirs with segments are not supported by the vocoder (give whole-utterance wav.scp entries)");
        var speakers = dir.Utterances.Select(u => dir.Utt2Spk[u]).Distinct().Order(StringComparer.Ordinal).ToList();
        var heldOut = SpeechDisentangle.Models.Common.SpeechData.HeldOutSpeakers.Choose(directory, speakers, options.UnseenSpeakers, options.UnseenSpeakerIds);
        if (speakers.Count - heldOut.Count < 1)
            throw new InvalidDataException($"{directory}: all {speakers.Count} speakers are held out (data.unseen_speakers / data.unseen_speaker_ids); none is left to train on");
        var train = new List<VocoderUtterance>();
        var seenTest = new List<VocoderUtterance>();
        var held = new List<VocoderUtterance>();
        var readOptions = new AudioReadOptions { TargetSampleRate = sampleRate };
        foreach (var group in dir.Utterances.GroupBy(u => dir.Utt2Spk[u]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var utts = group.Order(StringComparer.Ordinal).ToList();
            bool isHeldOut = heldOut.Contains(group.Key);
            int trained = 0;
            for (int i = 0; i < utts.Count; i++)
            {
                bool test = i % options.TestEvery == options.TestEvery - 1;
                if (!isHeldOut && !test && options.MaxUtterancesPerSpeaker > 0 && trained >= options.MaxUtterancesPerSpeaker) continue;
                var audio = AudioReader.ReadWavScpEntry(dir.WavScp[utts[i]], allowPipes: false, readOptions).ToMono();
                var utterance = new VocoderUtterance(utts[i], group.Key, dir.Text.TryGetValue(utts[i], out var t) ? t.Trim() : "", audio);
                if (isHeldOut) held.Add(utterance);
                else if (test) seenTest.Add(utterance);
                else { train.Add(utterance); trained++; }
            }
        }
        return new VocoderCorpus(train, seenTest, held, sampleRate);
    }
}
