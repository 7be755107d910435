using SpeechDisentangle.Common;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.Vocoder;

namespace SpeechDisentangle.Models.Vocoder;

/// <summary>One utterance's audio at the vocoder's sample rate (mono float samples in [−1, 1]).</summary>
public sealed record VocoderUtterance(string Utt, string Speaker, string Text, float[] Samples);

/// <summary>
/// The audio of a Kaldi data dir (wav.scp, utt2spk, optional text), split for the vocoder: training speakers'
/// utterances train (<see cref="Train"/>) except every TestEvery-th, which is not read; the held-out voices
/// (<see cref="HeldOut"/>) are never trained on and are what the evaluation vocodes.
/// </summary>
public sealed class VocoderCorpus(IReadOnlyList<VocoderUtterance> train, IReadOnlyList<VocoderUtterance> heldOut, int sampleRate)
{
    public IReadOnlyList<VocoderUtterance> Train { get; } = train;
    public IReadOnlyList<VocoderUtterance> HeldOut { get; } = heldOut;
    public int SampleRate { get; } = sampleRate;

    public IReadOnlyList<string> HeldOutSpeakers => [.. HeldOut.Select(u => u.Speaker).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>
    /// Reads the utterances of <paramref name="directory"/> (resampled to the sample rate of <paramref name="spec"/>,
    /// mixed to mono); each must hold at least one analysis window of <paramref name="spec"/>.
    /// </summary>
    public static VocoderCorpus Load(string directory, VocoderDataOptions options, MelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(spec);
        options.Validate();
        string wavScp = Path.Combine(directory, KaldiFileNames.WavScp);
        if (!File.Exists(wavScp))
            throw new FileNotFoundException($"'{wavScp}' is missing: the vocoder trains on audio (a Kaldi data dir with wav.scp, e.g. from `sdt data prepare-vctk`), not on a feature dir; give it as --data", wavScp);
        var dir = KaldiDataDir.Load(directory, requireSorted: false);
        if (dir.HasSegments) throw new InvalidDataException($"{directory}: data dirs with segments are not supported by the vocoder (give whole-utterance wav.scp entries)");
        var speakers = dir.Utterances.Select(u => dir.Utt2Spk[u]).Distinct().Order(StringComparer.Ordinal).ToList();
        var heldOut = SpeechDisentangle.Models.Common.SpeechData.HeldOutSpeakers.Choose(directory, speakers, options.UnseenSpeakers, options.UnseenSpeakerIds);
        if (speakers.Count - heldOut.Count < 1)
            throw new InvalidDataException($"{directory}: all {speakers.Count} speakers are held out (data.unseen_speakers / data.unseen_speaker_ids); none is left to train on");
        // The evaluation vocodes the held-out voices' test utterances: fail now, not after training.
        if (!dir.Utterances.Where(u => heldOut.Contains(dir.Utt2Spk[u])).GroupBy(u => dir.Utt2Spk[u]).Any(g => g.Count() >= options.TestEvery))
            throw new InvalidDataException($"{directory}: no held-out voice has a test utterance ({heldOut.Count} held out by data.unseen_speakers / data.unseen_speaker_ids; "
                + $"each test utterance is every data.test_every = {options.TestEvery}-th of a voice): hold out at least one voice with that many utterances, or lower data.test_every");
        var train = new List<VocoderUtterance>();
        var held = new List<VocoderUtterance>();
        var readOptions = new AudioReadOptions { TargetSampleRate = spec.SampleRate };
        foreach (var group in dir.Utterances.GroupBy(u => dir.Utt2Spk[u]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var utts = group.Order(StringComparer.Ordinal).ToList();
            bool isHeldOut = heldOut.Contains(group.Key);
            int trained = 0;
            for (int i = 0; i < utts.Count; i++)
            {
                bool test = EveryNthUtterance.IsTest(i, options.TestEvery);
                if (!isHeldOut && (test || (options.MaxUtterancesPerSpeaker > 0 && trained >= options.MaxUtterancesPerSpeaker))) continue;
                var audio = AudioReader.ReadWavScpEntry(dir.WavScp[utts[i]], allowPipes: false, readOptions).ToMono();
                if (audio.Length < spec.WinLength)
                    throw new InvalidDataException($"{wavScp}: utterance '{utts[i]}' has {audio.Length} samples at {spec.SampleRate} Hz, fewer than one analysis window "
                        + $"({spec.WinLength}); remove it from wav.scp and utt2spk of the data dir given as --data");
                var utterance = new VocoderUtterance(utts[i], group.Key, dir.Text.TryGetValue(utts[i], out var t) ? t.Trim() : "", audio);
                if (isHeldOut) held.Add(utterance);
                else { train.Add(utterance); trained++; }
            }
        }
        return new VocoderCorpus(train, held, spec.SampleRate);
    }
}
