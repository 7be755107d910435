using System.Globalization;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// Synthesises a small multi-speaker spoken-digit corpus with espeak-ng in the VCTK 0.80 layout:
/// <c>wav48/pNNN/pNNN_MMM.wav</c>, <c>txt/pNNN/pNNN_MMM.txt</c> and <c>speaker-info.txt</c>.
/// Every speaker says the same words, so content and speaker are crossed (what disentanglement needs).
/// </summary>
public static class SynthDigitsCorpus
{
    public static readonly string[] Digits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    /// <summary>Speaker id of voice <paramref name="index"/>: p901, p902, ... (outside real VCTK's range).</summary>
    public static string SpeakerId(int index) => "p" + (901 + index).ToString(CultureInfo.InvariantCulture);

    /// <summary>One utterance to synthesise.</summary>
    public sealed record Item(string Speaker, string UttId, string Voice, string Text, int Rate, int Pitch);

    /// <summary>The utterances the corpus will hold, deterministic for a seed.</summary>
    public static IReadOnlyList<Item> Plan(SynthDigitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var rng = new Random(options.Seed);
        var items = new List<Item>();
        for (int s = 0; s < options.Speakers; s++)
        {
            string spk = SpeakerId(s);
            string voice = SynthVoices.Get(s).Voice;
            int n = 1;
            for (int d = 0; d < Digits.Length; d++)
                for (int r = 0; r < options.RepeatsPerDigit; r++)
                    items.Add(new Item(spk, $"{spk}_{n++:D3}", voice, Digits[d], rng.Next(140, 200), rng.Next(35, 65)));
            for (int k = 0; k < options.SentencesPerSpeaker; k++)
            {
                var words = Enumerable.Range(0, 3).Select(_ => Digits[rng.Next(Digits.Length)]);
                items.Add(new Item(spk, $"{spk}_{n++:D3}", voice, string.Join(' ', words), rng.Next(140, 200), rng.Next(35, 65)));
            }
        }
        return items;
    }

    /// <summary>
    /// Writes the corpus under <paramref name="root"/>. Files that already exist are kept, so a stopped run resumes;
    /// each WAV is written under a temporary name and renamed.
    /// </summary>
    public static void Synthesise(string root, SynthDigitsOptions options, TextWriter? log = null, IProgress<WorkProgress>? progress = null)
    {
        var items = Plan(options);
        Espeak.Check(options.Espeak);
        var counter = new ProgressCounter(progress, "synth-digits", items.Count, "utt");
        Parallel.ForEach(items, new ParallelOptions { MaxDegreeOfParallelism = options.Jobs }, item =>
        {
            string wav = Path.Combine(root, "wav48", item.Speaker, item.UttId + ".wav");
            if (!File.Exists(wav)) Espeak.Speak(options.Espeak, item.Voice, item.Rate, item.Pitch, item.Text, wav);
            string txt = Path.Combine(root, "txt", item.Speaker, item.UttId + ".txt");
            if (!File.Exists(txt)) AtomicFile.WriteAllText(txt, item.Text + "\n");
            counter.Advance();
        });
        var info = new System.Text.StringBuilder("ID  AGE  GENDER  ACCENTS  REGION\n");
        for (int s = 0; s < options.Speakers; s++)
        {
            var (voice, gender) = SynthVoices.Get(s);
            info.Append(CultureInfo.InvariantCulture, $"{SpeakerId(s)[1..]}  0  {gender}  {voice}  espeak-ng\n");
        }
        AtomicFile.WriteAllText(Path.Combine(root, "speaker-info.txt"), info.ToString());
        log?.WriteLine($"synth-digits: {items.Count} utterances from {options.Speakers} voices in {root}");
    }
}
