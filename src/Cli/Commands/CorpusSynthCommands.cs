using System.CommandLine;
using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Cli.Output;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt corpus synth-librispeech|synth-timit`: tiny espeak-ng corpora in the real corpora's layouts, to run their recipes.</summary>
internal static class CorpusSynthCommands
{
    public static Command LibriSpeech()
    {
        var command = new Command("synth-librispeech",
            "Synthesise the spoken-digit corpus with espeak-ng in the LibriSpeech layout (ROOT/SUBSET/SPK/CHAPTER/*.flac, *.trans.txt, SPEAKERS.TXT).");
        var outDir = new Option<string>("--out") { Description = "Corpus folder to write (the LibriSpeech/ folder).", Required = true };
        var subset = new Option<string>("--subset") { Description = "Subset folder name.", DefaultValueFactory = _ => "dev-clean" };
        var defaults = new SynthDigitsOptions();
        var speakers = new Option<int>("--speakers") { Description = $"Number of voices (2..{SynthVoices.Count}).", DefaultValueFactory = _ => defaults.Speakers };
        var repeats = new Option<int>("--repeats") { Description = "Times each voice says each digit.", DefaultValueFactory = _ => defaults.RepeatsPerDigit };
        var sentences = new Option<int>("--sentences") { Description = "Three-digit sentences per voice.", DefaultValueFactory = _ => defaults.SentencesPerSpeaker };
        var seed = new Option<int>("--seed") { Description = "Seed of rate/pitch jitter and sentences.", DefaultValueFactory = _ => 0 };
        var jobs = new Option<int>("--nj") { Description = "Parallel synthesis jobs.", DefaultValueFactory = _ => defaults.Jobs };
        foreach (var o in new Option[] { outDir, subset, speakers, repeats, sentences, seed, jobs }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            var options = new SynthDigitsOptions
            {
                Speakers = p.GetValue(speakers), RepeatsPerDigit = p.GetValue(repeats),
                SentencesPerSpeaker = p.GetValue(sentences), Seed = p.GetValue(seed), Jobs = p.GetValue(jobs),
            };
            using var bar = ConsoleProgressBar.OnStandardError();
            SynthLibriSpeechCorpus.Synthesise(p.GetValue(outDir)!, p.GetValue(subset)!, options, Console.Out, bar);
            return 0;
        });
        return command;
    }

    public static Command Timit()
    {
        var command = new Command("synth-timit",
            "Synthesise digit strings with espeak-ng in the TIMIT layout (ROOT/{TRAIN,TEST}/DRn/SPK/*.{WAV,PHN,WRD,TXT}, SPHERE audio; phone boundaries approximate).");
        var outDir = new Option<string>("--out") { Description = "Corpus folder to write (holds TRAIN/ and TEST/).", Required = true };
        var defaults = new SynthTimitOptions();
        var train = new Option<int>("--train-speakers") { Description = "Voices under TRAIN/.", DefaultValueFactory = _ => defaults.TrainSpeakers };
        var test = new Option<int>("--test-speakers") { Description = "Other voices under TEST/.", DefaultValueFactory = _ => defaults.TestSpeakers };
        var sentences = new Option<int>("--sentences") { Description = "SX sentences per speaker (besides SA1, SA2).", DefaultValueFactory = _ => defaults.SentencesPerSpeaker };
        var words = new Option<int>("--words") { Description = "Digits per SX sentence.", DefaultValueFactory = _ => defaults.WordsPerSentence };
        var seed = new Option<int>("--seed") { Description = "Seed of rate/pitch jitter and sentences.", DefaultValueFactory = _ => 0 };
        var jobs = new Option<int>("--nj") { Description = "Parallel synthesis jobs.", DefaultValueFactory = _ => defaults.Jobs };
        foreach (var o in new Option[] { outDir, train, test, sentences, words, seed, jobs }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            var options = new SynthTimitOptions
            {
                TrainSpeakers = p.GetValue(train), TestSpeakers = p.GetValue(test), SentencesPerSpeaker = p.GetValue(sentences),
                WordsPerSentence = p.GetValue(words), Seed = p.GetValue(seed), Jobs = p.GetValue(jobs),
            };
            using var bar = ConsoleProgressBar.OnStandardError();
            SynthTimitCorpus.Synthesise(p.GetValue(outDir)!, options, Console.Out, bar);
            return 0;
        });
        return command;
    }
}
