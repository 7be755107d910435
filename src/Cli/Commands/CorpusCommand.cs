using System.CommandLine;
using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Cli.Output;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt corpus synth-digits|synth-librispeech|synth-timit|select-voices`: make the built-in espeak-ng corpora, pick drawn voices by region.</summary>
internal static class CorpusCommand
{
    public static Command Create()
    {
        var corpus = new Command("corpus", "Make the built-in synthetic corpora.");
        var synth = new Command("synth-digits", "Synthesise a multi-speaker spoken-digit corpus with espeak-ng (VCTK 0.80 layout).");
        var outDir = new Option<string>("--out") { Description = "Corpus folder to write.", Required = true };
        var defaults = new SynthDigitsOptions();
        var speakers = new Option<int>("--speakers") { Description = $"Number of named espeak-ng voices (2..{SynthVoices.Count}).", DefaultValueFactory = _ => defaults.Speakers };
        var repeats = new Option<int>("--repeats") { Description = "Times each voice says each digit.", DefaultValueFactory = _ => defaults.RepeatsPerDigit };
        var sentences = new Option<int>("--sentences") { Description = "Three-digit sentences per voice.", DefaultValueFactory = _ => defaults.SentencesPerSpeaker };
        var seed = new Option<int>("--seed") { Description = "Seed of rate/pitch jitter and sentences.", DefaultValueFactory = _ => 0 };
        var jobs = new Option<int>("--nj") { Description = "Parallel espeak-ng processes.", DefaultValueFactory = _ => defaults.Jobs };
        var drawn = new DrawnVoiceOptions();
        foreach (var o in new Option[] { outDir, speakers, repeats, sentences, seed, jobs }) synth.Options.Add(o);
        drawn.AddTo(synth);
        synth.SetGuardedAction(p =>
        {
            var (count, voiceSeed) = drawn.Resolve(p, speakers);
            var options = new SynthDigitsOptions
            {
                Speakers = count, VoiceSeed = voiceSeed, RepeatsPerDigit = p.GetValue(repeats),
                SentencesPerSpeaker = p.GetValue(sentences), Seed = p.GetValue(seed), Jobs = p.GetValue(jobs),
            };
            using var bar = ConsoleProgressBar.OnStandardError();
            SynthDigitsCorpus.Synthesise(p.GetValue(outDir)!, options, Console.Out, bar);
            return 0;
        });
        corpus.Subcommands.Add(synth);
        corpus.Subcommands.Add(CorpusSynthCommands.LibriSpeech());
        corpus.Subcommands.Add(CorpusSynthCommands.Timit());
        corpus.Subcommands.Add(CorpusSynthCommands.SelectVoices());
        return corpus;
    }
}
