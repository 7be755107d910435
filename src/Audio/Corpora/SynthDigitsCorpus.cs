using System.Globalization;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// Synthesises a small multi-speaker spoken-digit corpus with espeak-ng in the VCTK 0.80 layout:
/// <c>wav48/pNNN/pNNN_MMM.wav</c>, <c>txt/pNNN/pNNN_MMM.txt</c> and <c>speaker-info.txt</c>; with drawn voices
/// (<see cref="SynthDigitsOptions.VoiceSeed"/>) also <c>voices.tsv</c> and <c>espeak-variants/</c> (<see cref="VoiceTable"/>).
/// Every speaker says the same words, so content and speaker are crossed (what disentanglement needs).
/// </summary>
public static class SynthDigitsCorpus
{
    public static readonly string[] Digits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    /// <summary>
    /// Speaker id of voice <paramref name="index"/>: p901, p902, ... for the named voices, p1001, p1002, ... for drawn
    /// ones (both outside real VCTK's range).
    /// </summary>
    public static string SpeakerId(int index, bool drawn = false) =>
        "p" + ((drawn ? 1001 : 901) + index).ToString(CultureInfo.InvariantCulture);

    /// <summary>One utterance to synthesise.</summary>
    public sealed record Item(string Speaker, string UttId, string Voice, string Text, int Rate, int Pitch);

    /// <summary>The utterances the corpus will hold, deterministic for a seed.</summary>
    public static IReadOnlyList<Item> Plan(SynthDigitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var rng = new Random(options.Seed);
        var speakers = SynthSpeaker.Choose(options.Speakers, options.VoiceSeed);
        var items = new List<Item>();
        for (int s = 0; s < speakers.Count; s++)
        {
            var speaker = speakers[s];
            string spk = SpeakerId(s, speaker.Drawn is not null);
            int n = 1;
            Item Make(string text)
            {
                var (rate, pitch) = Jitter(speaker, rng);
                return new Item(spk, $"{spk}_{n++:D3}", speaker.Spec, text, rate, pitch);
            }
            for (int d = 0; d < Digits.Length; d++)
                for (int r = 0; r < options.RepeatsPerDigit; r++)
                    items.Add(Make(Digits[d]));
            for (int k = 0; k < options.SentencesPerSpeaker; k++)
                items.Add(Make(string.Join(' ', Enumerable.Range(0, 3).Select(_ => Digits[rng.Next(Digits.Length)]))));
        }
        return items;
    }

    /// <summary>
    /// Rate (words per minute) and espeak-ng pitch (0-99) of one utterance. A named voice varies widely (rate 140-199,
    /// pitch 35-64, F0 x0.81-1.20); a drawn voice keeps near its own rate (+-10 %) and pitch (46-54, F0 x0.95-1.04),
    /// since its identity lies in its parameters.
    /// </summary>
    public static (int Rate, int Pitch) Jitter(SynthSpeaker speaker, Random rng)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        ArgumentNullException.ThrowIfNull(rng);
        if (speaker.Drawn is not VoiceParameters v) return (rng.Next(140, 200), rng.Next(35, 65));
        int rate = (int)Math.Round(v.RateWpm * (0.9 + (0.2 * rng.NextDouble())));
        return (rate, rng.Next(46, 55));
    }

    /// <summary>
    /// A drawn voice's utterance: espeak-ng's WAV (into the bank's temp folder, so no stray file can enter the corpus)
    /// plus the noise floor of <see cref="SynthAudio.AddNoiseFloor"/>, written at espeak-ng's own rate.
    /// </summary>
    static void SpeakDrawn(string espeak, Item item, string wav, EspeakVoiceBank bank)
    {
        string raw = Path.Combine(bank.Root, item.UttId + ".wav");
        try
        {
            Espeak.Speak(espeak, item.Voice, item.Rate, item.Pitch, item.Text, raw, bank.DataPathFor(item.Voice));
            var audio = AudioReader.Read(raw);
            WavWriter.Write(wav, AudioData.Mono(SynthAudio.AddNoiseFloor(audio.ToMono(), SynthAudio.SeedOf(item.UttId)), audio.SampleRate));
        }
        finally
        {
            if (File.Exists(raw)) File.Delete(raw);
        }
    }

    /// <summary>
    /// Writes the corpus under <paramref name="root"/>. Files that already exist are kept, so a stopped run resumes;
    /// each WAV is written under a temporary name and renamed.
    /// </summary>
    public static void Synthesise(string root, SynthDigitsOptions options, TextWriter? log = null, IProgress<WorkProgress>? progress = null)
    {
        var items = Plan(options);
        Espeak.Check(options.Espeak);
        var speakers = SynthSpeaker.Choose(options.Speakers, options.VoiceSeed);
        VoiceTable.Write(root, speakers.Select((sp, i) => (SpeakerId(i, sp.Drawn is not null), sp)), options.VoiceSeed ?? 0);
        using var bank = SynthSpeaker.Bank(options.Espeak, speakers);
        var counter = new ProgressCounter(progress, "synth-digits", items.Count, "utt");
        Parallel.ForEach(items, new ParallelOptions { MaxDegreeOfParallelism = options.Jobs }, item =>
        {
            string wav = Path.Combine(root, "wav48", item.Speaker, item.UttId + ".wav");
            if (!File.Exists(wav))
            {
                if (bank is null) Espeak.Speak(options.Espeak, item.Voice, item.Rate, item.Pitch, item.Text, wav);
                else SpeakDrawn(options.Espeak, item, wav, bank);
            }
            string txt = Path.Combine(root, "txt", item.Speaker, item.UttId + ".txt");
            if (!File.Exists(txt)) AtomicFile.WriteAllText(txt, item.Text + "\n");
            counter.Advance();
        });
        var info = new System.Text.StringBuilder("ID  AGE  GENDER  ACCENTS  REGION\n");
        for (int s = 0; s < speakers.Count; s++)
            info.Append(CultureInfo.InvariantCulture, $"{SpeakerId(s, speakers[s].Drawn is not null)[1..]}  0  {speakers[s].Gender}  {speakers[s].Spec}  espeak-ng\n");
        AtomicFile.WriteAllText(Path.Combine(root, "speaker-info.txt"), info.ToString());
        log?.WriteLine($"synth-digits: {items.Count} utterances from {options.Speakers} {(options.VoiceSeed is null ? "named" : "drawn")} voices in {root}");
    }
}
