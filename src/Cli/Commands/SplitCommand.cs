using System.CommandLine;
using SpeechDisentangle.Audio.Pipeline;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt data split`: train/valid/test over seen speakers plus an unseen-speaker set, for speaker-invariance runs.</summary>
internal static class SplitCommand
{
    public static Command Create()
    {
        var defaults = new DataSplitOptions();
        var command = new Command("split", "Split a feature data dir into train, valid, test (seen speakers, stratified by content) and unseen (held-out speakers).");
        var dataDir = new Option<string>("--data-dir") { Description = "Feature data dir (from 'sdt features compute').", Required = true };
        var outDir = new Option<string>("--out-dir") { Description = "Folder for train/, valid/, test/, unseen/, speakers.txt, content.txt.", Required = true };
        var held = new Option<int>("--held-speakers") { Description = "Speakers held out as 'unseen'.", DefaultValueFactory = _ => defaults.HeldSpeakers };
        var valid = new Option<double>("--valid-fraction") { Description = "Share of each content class for valid.", DefaultValueFactory = _ => defaults.ValidFraction };
        var test = new Option<double>("--test-fraction") { Description = "Share of each content class for test.", DefaultValueFactory = _ => defaults.TestFraction };
        var seed = new Option<int>("--seed") { Description = "Seed of the shuffles.", DefaultValueFactory = _ => defaults.Seed };
        var content = new Option<string>("--content")
        {
            Description = "Content classes: 'word' (one-word transcripts) or 'sentence' (sentences read by at least --sentence-speakers seen speakers; other utterances are unlabelled).",
            DefaultValueFactory = _ => ContentModes.Name(defaults.Content),
        };
        var sentenceSpeakers = new Option<int>("--sentence-speakers")
        {
            Description = "With --content sentence: seen speakers who must read a sentence for it to be a class (3 lets train, valid and test each get one).",
            DefaultValueFactory = _ => defaults.SentenceSpeakers,
        };
        foreach (var o in new Option[] { dataDir, outDir, held, valid, test, seed, content, sentenceSpeakers }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            var options = new DataSplitOptions
            {
                HeldSpeakers = p.GetValue(held),
                ValidFraction = p.GetValue(valid),
                TestFraction = p.GetValue(test),
                Seed = p.GetValue(seed),
                Content = ContentModes.Parse(p.GetValue(content)!),
                SentenceSpeakers = p.GetValue(sentenceSpeakers),
            };
            DataSplit.Run(p.GetValue(dataDir)!, p.GetValue(outDir)!, options, Console.Out);
            return 0;
        });
        return command;
    }
}
