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
        var heldFile = new Option<string?>("--held-speakers-file")
        {
            Description = "Hold out exactly the speakers listed in this file (one id a line, '#' comments), e.g. a region of drawn voices from 'sdt corpus select-voices', instead of --held-speakers at random.",
        };
        foreach (var o in new Option[] { dataDir, outDir, held, heldFile, valid, test, seed, content, sentenceSpeakers }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            IReadOnlyList<string> heldIds = [];
            if (p.GetValue(heldFile) is string file)
            {
                if (p.GetResult(held) is { Implicit: false }) throw new ArgumentException("give --held-speakers (a number drawn at random) or --held-speakers-file (named speakers), not both");
                heldIds = ReadSpeakerList(file);
            }
            var options = new DataSplitOptions
            {
                HeldSpeakerIds = heldIds,
                HeldSpeakers = p.GetValue(held),
                ValidFraction = p.GetValue(valid),
                TestFraction = p.GetValue(test),
                Seed = p.GetValue(seed),
                Content = ContentModes.Parse(p.GetValue(content)!),
                SentenceSpeakers = p.GetValue(sentenceSpeakers),
            };
            DataSplit.Run(p.GetValue(dataDir)!, p.GetValue(outDir)!, options, Console.Out, Console.Error);
            return 0;
        });
        return command;
    }

    static List<string> ReadSpeakerList(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--held-speakers-file '{path}' does not exist");
        var ids = File.ReadLines(path).Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0).ToList();
        if (ids.Count == 0) throw new ArgumentException($"--held-speakers-file '{path}' lists no speakers");
        var bad = ids.FirstOrDefault(id => id.Any(char.IsWhiteSpace));
        if (bad is not null) throw new ArgumentException($"--held-speakers-file '{path}': '{bad}' is not one speaker id (one id a line)");
        return ids;
    }
}
