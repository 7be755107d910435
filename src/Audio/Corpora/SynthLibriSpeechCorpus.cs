using System.Globalization;
using System.Text;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// The synthetic spoken-digit corpus (<see cref="SynthDigitsCorpus.Plan"/>: the same voices, words and jitter) in the
/// LibriSpeech layout, for running the LibriSpeech recipe without the real corpus:
/// <c>ROOT/SUBSET/SPK/CHAPTER/SPK-CHAPTER-NNNN.flac</c> (16 kHz, 16-bit), <c>SPK-CHAPTER.trans.txt</c> (upper-case
/// transcripts, as LibriSpeech's) and <c>ROOT/SPEAKERS.TXT</c>. Speaker ids are 901, 902, ...; one chapter each (1000 + n).
/// </summary>
public static class SynthLibriSpeechCorpus
{
    /// <summary>LibriSpeech speaker id of voice <paramref name="index"/>.</summary>
    public static string SpeakerId(int index) => (901 + index).ToString(CultureInfo.InvariantCulture);

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
        var voices = Enumerable.Range(0, options.Speakers).ToDictionary(SynthDigitsCorpus.SpeakerId, i => i, StringComparer.Ordinal);
        var utterances = items.GroupBy(i => i.Speaker).SelectMany(g => g.Select((item, n) => (Item: item, Voice: voices[item.Speaker], Number: n))).ToList();
        var counter = new ProgressCounter(progress, "synth-librispeech", utterances.Count, "utt");
        Parallel.ForEach(utterances, new ParallelOptions { MaxDegreeOfParallelism = options.Jobs }, u =>
        {
            string flac = Path.Combine(ChapterDir(root, subset, u.Voice), UttId(u.Voice, u.Number) + ".flac");
            if (!File.Exists(flac))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(flac)!);
                SynthAudio.WriteFlac(flac, SynthAudio.Speak(options.Espeak, u.Item.Voice, u.Item.Rate, u.Item.Pitch, u.Item.Text, flac));
            }
            counter.Advance();
        });
        foreach (var chapter in utterances.GroupBy(u => u.Voice))
        {
            var trans = new StringBuilder();
            foreach (var u in chapter.OrderBy(u => u.Number))
                trans.Append(UttId(u.Voice, u.Number)).Append(' ').Append(u.Item.Text.ToUpperInvariant()).Append('\n');
            AtomicFile.WriteAllText(Path.Combine(ChapterDir(root, subset, chapter.Key), $"{SpeakerId(chapter.Key)}-{ChapterId(chapter.Key)}.trans.txt"), trans.ToString());
        }
        var speakers = new StringBuilder("; synthetic LibriSpeech layout: espeak-ng voices saying digits\n;ID  |SEX| SUBSET           |MINUTES| NAME\n");
        for (int s = 0; s < options.Speakers; s++)
        {
            var (voice, gender) = SynthVoices.Get(s);
            speakers.Append(CultureInfo.InvariantCulture, $"{SpeakerId(s),-5} | {gender} | {subset,-16} | {1.0,5:0.00} | espeak-ng {voice}\n");
        }
        AtomicFile.WriteAllText(Path.Combine(root, "SPEAKERS.TXT"), speakers.ToString());
        log?.WriteLine($"synth-librispeech: {utterances.Count} utterances from {options.Speakers} voices in {Path.Combine(root, subset)}");
    }

    static string ChapterDir(string root, string subset, int voice) => Path.Combine(root, subset, SpeakerId(voice), ChapterId(voice));

    static string UttId(int voice, int number) => string.Create(CultureInfo.InvariantCulture, $"{SpeakerId(voice)}-{ChapterId(voice)}-{number:D4}");
}
