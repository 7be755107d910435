using System.Globalization;
using System.Text;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// The synthetic spoken-digit corpus (<see cref="SynthDigitsCorpus.Plan"/>: the same voices, words and jitter) in the
/// LibriSpeech layout, for running the LibriSpeech recipe without the real corpus:
/// <c>ROOT/SUBSET/SPK/CHAPTER/SPK-CHAPTER-NNNN.flac</c> (16 kHz, 16-bit), <c>SPK-CHAPTER.trans.txt</c> (upper-case
/// transcripts, as LibriSpeech's) and <c>ROOT/SPEAKERS.TXT</c> (drawn voices: also <c>ROOT/voices.tsv</c>, <see cref="VoiceTable"/>).
/// Speaker ids are 901, 902, ... (drawn voices 1001, 1002, ...); one chapter each (1000 + n).
/// </summary>
public static class SynthLibriSpeechCorpus
{
    /// <summary>LibriSpeech speaker id of voice <paramref name="index"/>: 901, 902, ... (named voices), 1001, 1002, ... (drawn voices).</summary>
    public static string SpeakerId(int index, bool drawn = false) => ((drawn ? 1001 : 901) + index).ToString(CultureInfo.InvariantCulture);

    /// <summary>The chapter of voice <paramref name="index"/>.</summary>
    public static string ChapterId(int index) => (1000 + index).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes the corpus under <paramref name="root"/>/<paramref name="subset"/>. Existing FLACs are kept, so a stopped
    /// run resumes; every file is written under a temporary name and renamed.
    /// </summary>
    public static void Synthesise(string root, string subset, SynthDigitsOptions options, TextWriter? log = null,
        IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(subset);
        var items = SynthDigitsCorpus.Plan(options);
        Espeak.Check(options.Espeak);
        var speakers = SynthSpeaker.Choose(options.Speakers, options.VoiceSeed);
        bool drawn = options.VoiceSeed is not null;
        var voices = Enumerable.Range(0, options.Speakers).ToDictionary(i => SynthDigitsCorpus.SpeakerId(i, drawn), i => i, StringComparer.Ordinal);
        var utterances = items.GroupBy(i => i.Speaker).SelectMany(g => g.Select((item, n) => (Item: item, Voice: voices[item.Speaker], Number: n))).ToList();
        VoiceTable.Write(root, speakers.Select((sp, i) => (SpeakerId(i, drawn), sp)), options.VoiceSeed ?? 0);
        using var bank = SynthSpeaker.Bank(options.Espeak, speakers);
        var counter = new ProgressCounter(progress, "synth-librispeech", utterances.Count, "utt");
        Parallel.ForEach(utterances, new ParallelOptions { MaxDegreeOfParallelism = options.Jobs }, u =>
        {
            string flac = Path.Combine(ChapterDir(root, subset, u.Voice, drawn), UttId(u.Voice, u.Number, drawn) + ".flac");
            if (!File.Exists(flac))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(flac)!);
                var samples = SynthAudio.Speak(options.Espeak, u.Item.Voice, u.Item.Rate, u.Item.Pitch, u.Item.Text, flac, bank?.DataPathFor(u.Item.Voice));
                if (drawn) samples = SynthAudio.AddNoiseFloor(samples, SynthAudio.SeedOf(u.Item.UttId));
                SynthAudio.WriteFlac(flac, samples);
            }
            counter.Advance();
        });
        foreach (var chapter in utterances.GroupBy(u => u.Voice))
        {
            var trans = new StringBuilder();
            foreach (var u in chapter.OrderBy(u => u.Number))
                trans.Append(UttId(u.Voice, u.Number, drawn)).Append(' ').Append(u.Item.Text.ToUpperInvariant()).Append('\n');
            AtomicFile.WriteAllText(Path.Combine(ChapterDir(root, subset, chapter.Key, drawn), $"{SpeakerId(chapter.Key, drawn)}-{ChapterId(chapter.Key)}.trans.txt"), trans.ToString());
        }
        var table = new StringBuilder("; synthetic LibriSpeech layout: espeak-ng voices saying digits\n;ID  |SEX| SUBSET           |MINUTES| NAME\n");
        for (int s = 0; s < options.Speakers; s++)
            table.Append(CultureInfo.InvariantCulture, $"{SpeakerId(s, drawn),-5} | {speakers[s].Gender} | {subset,-16} | {1.0,5:0.00} | espeak-ng {speakers[s].Spec}\n");
        AtomicFile.WriteAllText(Path.Combine(root, "SPEAKERS.TXT"), table.ToString());
        log?.WriteLine($"synth-librispeech: {utterances.Count} utterances from {options.Speakers} voices in {Path.Combine(root, subset)}");
    }

    static string ChapterDir(string root, string subset, int voice, bool drawn) => Path.Combine(root, subset, SpeakerId(voice, drawn), ChapterId(voice));

    static string UttId(int voice, int number, bool drawn) => string.Create(CultureInfo.InvariantCulture, $"{SpeakerId(voice, drawn)}-{ChapterId(voice)}-{number:D4}");
}
