using System.Globalization;
using System.Text;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// A tiny corpus in the TIMIT layout made with espeak-ng, for running the TIMIT recipe without the real corpus:
/// <c>ROOT/{TRAIN,TEST}/DRn/SPEAKER/SENTENCE.{WAV,PHN,WRD,TXT}</c>, 16 kHz 16-bit NIST SPHERE audio. Speakers read
/// digit strings (SA1 and SA2 the same for everyone, SXn random). Each word is synthesised on its own and trimmed of
/// silence, words are joined with 50 ms pauses and framed by 150 ms of silence, so word boundaries (.WRD) are exact;
/// the phone boundaries (.PHN, TIMIT's 61 symbols from a fixed pronunciation of each digit) are APPROXIMATE: each
/// word's phones share its duration evenly. Silence is labelled h# (edges) and pau (between words). With drawn voices
/// (<see cref="SynthTimitOptions.VoiceSeed"/>) the root also holds <c>voices.tsv</c> and <c>espeak-variants/</c>.
/// </summary>
public static class SynthTimitCorpus
{
    /// <summary>The TIMIT phones of each digit word.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Pronunciations = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["zero"] = ["z", "ih", "r", "ow"], ["one"] = ["w", "ah", "n"], ["two"] = ["tcl", "t", "uw"],
        ["three"] = ["th", "r", "iy"], ["four"] = ["f", "ao", "r"], ["five"] = ["f", "ay", "v"],
        ["six"] = ["s", "ih", "kcl", "k", "s"], ["seven"] = ["s", "eh", "v", "ix", "n"], ["eight"] = ["ey", "tcl", "t"],
        ["nine"] = ["n", "ay", "n"],
    };

    static readonly string[] Sa1 = ["zero", "one", "two", "three", "four"];
    static readonly string[] Sa2 = ["five", "six", "seven", "eight", "nine"];
    const int EdgeSamples = SynthAudio.SampleRate * 15 / 100;
    const int PauseSamples = SynthAudio.SampleRate * 5 / 100;

    /// <summary>One utterance to synthesise: <c>Split/Dialect/Speaker/Sentence</c>.</summary>
    public sealed record Item(string Split, string Dialect, string Speaker, string Sentence, string Voice, IReadOnlyList<string> Words, int Rate, int Pitch, int NoiseSeed);

    /// <summary>
    /// TIMIT speaker id of voice <paramref name="index"/>: gender letter, "SY", a letter, a digit (e.g. MSYA0; voice
    /// 26 is MSYA1), so every id keeps TIMIT's three letters and a digit.
    /// </summary>
    public static string SpeakerId(int index) =>
        $"{SynthVoices.Get(index).Gender}SY{(char)('A' + (index % 26))}{index / 26}";

    /// <summary>
    /// TIMIT speaker id of speaker <paramref name="index"/>: <see cref="SpeakerId(int)"/> for a named voice; for a drawn
    /// one gender letter, "V", two letters and a digit (e.g. FVAB0 for voice 1), which names up to 6760 voices.
    /// </summary>
    public static string SpeakerId(int index, SynthSpeaker speaker)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        if (speaker.Drawn is null) return SpeakerId(index);
        return $"{speaker.Gender}V{(char)('A' + (index / 26 % 26))}{(char)('A' + (index % 26))}{index / 676}";
    }

    /// <summary>The utterances of the corpus, deterministic for a seed.</summary>
    public static IReadOnlyList<Item> Plan(SynthTimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var rng = new Random(options.Seed);
        var digits = SynthDigitsCorpus.Digits;
        var items = new List<Item>();
        var speakers = SynthSpeaker.Choose(options.TrainSpeakers + options.TestSpeakers, options.VoiceSeed);
        for (int s = 0; s < speakers.Count; s++)
        {
            string split = s < options.TrainSpeakers ? "TRAIN" : "TEST";
            string dialect = "DR" + ((s % 8) + 1).ToString(CultureInfo.InvariantCulture);
            var speaker = speakers[s];
            string id = SpeakerId(s, speaker);
            Item Make(string sentence, string[] words)
            {
                var (rate, pitch) = SynthDigitsCorpus.Jitter(speaker, rng);
                return new(split, dialect, id, sentence, speaker.Spec, words, rate, pitch, rng.Next());
            }
            items.Add(Make("SA1", Sa1));
            items.Add(Make("SA2", Sa2));
            for (int k = 0; k < options.SentencesPerSpeaker; k++)
                items.Add(Make("SX" + (k + 1).ToString(CultureInfo.InvariantCulture), [.. Enumerable.Range(0, options.WordsPerSentence).Select(_ => digits[rng.Next(digits.Length)])]));
        }
        return items;
    }

    /// <summary>
    /// Writes the corpus under <paramref name="root"/>. Utterances whose four files exist are kept, so a stopped run
    /// resumes; every file is written under a temporary name and renamed.
    /// </summary>
    public static void Synthesise(string root, SynthTimitOptions options, TextWriter? log = null, IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var items = Plan(options);
        Espeak.Check(options.Espeak);
        var speakers = SynthSpeaker.Choose(options.TrainSpeakers + options.TestSpeakers, options.VoiceSeed);
        VoiceTable.Write(root, speakers.Select((sp, i) => (SpeakerId(i, sp), sp)), options.VoiceSeed ?? 0);
        using var bank = SynthSpeaker.Bank(options.Espeak, speakers);
        var counter = new ProgressCounter(progress, "synth-timit", items.Count, "utt");
        Parallel.ForEach(items, new ParallelOptions { MaxDegreeOfParallelism = options.Jobs }, item =>
        {
            string stem = Path.Combine(root, item.Split, item.Dialect, item.Speaker, item.Sentence);
            if (!new[] { ".WAV", ".PHN", ".WRD", ".TXT" }.All(e => File.Exists(stem + e))) Write(stem, item, options.Espeak, bank?.DataPathFor(item.Voice));
            counter.Advance();
        });
        log?.WriteLine($"synth-timit: {items.Count} utterances from {options.TrainSpeakers} TRAIN and {options.TestSpeakers} TEST voices in {root}");
    }

    static void Write(string stem, Item item, string espeak, string? dataPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(stem)!);
        var audio = new List<float>();
        var phones = new StringBuilder();
        var words = new StringBuilder();
        void Silence(int samples, string label)
        {
            phones.Append(CultureInfo.InvariantCulture, $"{audio.Count} {audio.Count + samples} {label}\n");
            audio.AddRange(new float[samples]);
        }
        Silence(EdgeSamples, "h#");
        for (int w = 0; w < item.Words.Count; w++)
        {
            if (w > 0) Silence(PauseSamples, "pau");
            string word = item.Words[w];
            var spoken = SynthAudio.TrimSilence(SynthAudio.Speak(espeak, item.Voice, item.Rate, item.Pitch, word, stem + "." + w.ToString(CultureInfo.InvariantCulture), dataPath));
            int start = audio.Count;
            var pron = Pronunciations[word];
            for (int p = 0; p < pron.Length; p++)
                phones.Append(CultureInfo.InvariantCulture, $"{start + (long)spoken.Length * p / pron.Length} {start + (long)spoken.Length * (p + 1) / pron.Length} {pron[p]}\n");
            words.Append(CultureInfo.InvariantCulture, $"{start} {start + spoken.Length} {word}\n");
            audio.AddRange(spoken);
        }
        Silence(EdgeSamples, "h#");
        var samples = SynthAudio.AddNoiseFloor(audio, item.NoiseSeed);
        string text = string.Join(' ', item.Words);
        AtomicFile.WriteAllText(stem + ".PHN", phones.ToString());
        AtomicFile.WriteAllText(stem + ".WRD", words.ToString());
        AtomicFile.WriteAllText(stem + ".TXT", string.Create(CultureInfo.InvariantCulture, $"0 {samples.Length} {char.ToUpperInvariant(text[0])}{text[1..]}.\n"));
        SphereWriter.Write(stem + ".WAV", samples, SynthAudio.SampleRate);
    }
}
