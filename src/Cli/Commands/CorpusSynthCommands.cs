using System.CommandLine;
using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Cli.Output;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>
/// `sdt corpus synth-librispeech|synth-timit`: tiny espeak-ng corpora in the real corpora's layouts, to run their
/// recipes; `sdt corpus select-voices`: drawn voices in a region of the parameter space.
/// </summary>
internal static class CorpusSynthCommands
{
    public static Command LibriSpeech()
    {
        var command = new Command("synth-librispeech",
            "Synthesise the spoken-digit corpus with espeak-ng in the LibriSpeech layout (ROOT/SUBSET/SPK/CHAPTER/*.flac, *.trans.txt, SPEAKERS.TXT).");
        var outDir = new Option<string>("--out") { Description = "Corpus folder to write (the LibriSpeech/ folder).", Required = true };
        var subset = new Option<string>("--subset") { Description = "Subset folder name.", DefaultValueFactory = _ => "dev-clean" };
        var defaults = new SynthDigitsOptions();
        var speakers = new Option<int>("--speakers") { Description = $"Number of named espeak-ng voices (2..{SynthVoices.Count}).", DefaultValueFactory = _ => defaults.Speakers };
        var repeats = new Option<int>("--repeats") { Description = "Times each voice says each digit.", DefaultValueFactory = _ => defaults.RepeatsPerDigit };
        var sentences = new Option<int>("--sentences") { Description = "Three-digit sentences per voice.", DefaultValueFactory = _ => defaults.SentencesPerSpeaker };
        var seed = new Option<int>("--seed") { Description = "Seed of rate/pitch jitter and sentences.", DefaultValueFactory = _ => 0 };
        var jobs = new Option<int>("--nj") { Description = "Parallel synthesis jobs.", DefaultValueFactory = _ => defaults.Jobs };
        var drawn = new DrawnVoiceOptions();
        foreach (var o in new Option[] { outDir, subset, speakers, repeats, sentences, seed, jobs }) command.Options.Add(o);
        drawn.AddTo(command);
        command.SetGuardedAction(p =>
        {
            var (count, voiceSeed) = drawn.Resolve(p, speakers);
            var options = new SynthDigitsOptions
            {
                Speakers = count, VoiceSeed = voiceSeed, RepeatsPerDigit = p.GetValue(repeats),
                SentencesPerSpeaker = p.GetValue(sentences), Seed = p.GetValue(seed), Jobs = p.GetValue(jobs),
            };
            using var bar = ConsoleProgressBar.OnStandardError();
            SynthLibriSpeechCorpus.Synthesise(p.GetValue(outDir)!, p.GetValue(subset)!, options, Console.Out, bar);
            return 0;
        });
        return command;
    }

    public static Command SelectVoices()
    {
        var command = new Command("select-voices",
            $"Print the speaker ids of the drawn voices in a region of the parameter space ({VoiceTable.FileName} of a corpus made with --voices), " +
            "e.g. to hold them out with 'sdt data split --held-speakers-file'.");
        var table = new Option<string>("--table") { Description = $"The corpus's {VoiceTable.FileName}.", Required = true };
        var where = new Option<string[]>("--where")
        {
            Description = "A condition COLUMN OP VALUE (OP: = != < <= > >=), e.g. pitch_base_hz>=200; repeat it for several (all must hold).",
            Required = true, AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string?>("--out") { Description = "Write the ids to this file (one a line) instead of printing them." };
        foreach (var o in new Option[] { table, where, output }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            var region = VoiceRegion.Parse(p.GetValue(where)!);
            string path = p.GetValue(table)!;
            var rows = VoiceTable.Read(path);
            var ids = rows.Where(region.Contains).Select(r => r["speaker"]).ToList();
            if (ids.Count == 0) throw new ArgumentException($"no voice of {path} ({rows.Count} voices) lies in that region");
            string text = string.Concat(ids.Select(id => id + "\n"));
            if (p.GetValue(output) is string file) Audio.Common.AtomicFile.WriteAllText(file, text);
            else Console.Write(text);
            Console.Error.WriteLine($"select-voices: {ids.Count} of {rows.Count} voices");
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
        var drawVoices = new Option<bool>("--draw-voices")
        {
            Description = "Draw the TRAIN and TEST voices from a seeded distribution over espeak-ng voice parameters (as synth-digits --voices) instead of the named voices; " +
                          $"their parameters go to {VoiceTable.FileName} in the corpus.",
        };
        var voiceSeed = new Option<int>("--voice-seed") { Description = "Seed of the drawn voices (with --draw-voices).", DefaultValueFactory = _ => 0 };
        foreach (var o in new Option[] { outDir, train, test, sentences, words, seed, jobs, drawVoices, voiceSeed }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            bool draw = p.GetValue(drawVoices);
            if (!draw && p.GetResult(voiceSeed) is { Implicit: false }) throw new ArgumentException("--voice-seed only applies to drawn voices: add --draw-voices");
            var options = new SynthTimitOptions
            {
                VoiceSeed = draw ? p.GetValue(voiceSeed) : null,
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
