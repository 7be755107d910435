using System.CommandLine;
using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Audio.Data;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt data ...`: turn corpus layouts into Kaldi data directories, and check data directories.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var data = new Command("data", "Prepare and validate Kaldi-style data directories.");
        data.Subcommands.Add(PrepareVctk());
        data.Subcommands.Add(Validate());
        data.Subcommands.Add(MnistDataCommand.Create());
        data.Subcommands.Add(CorpusPrepareCommands.LibriSpeech());
        data.Subcommands.Add(CorpusPrepareCommands.Timit());
        data.Subcommands.Add(SplitCommand.Create());
        data.Subcommands.Add(CtmCommand.Create());
        return data;
    }

    static Command PrepareVctk()
    {
        var command = new Command("prepare-vctk", "Make a Kaldi data dir from a VCTK 0.80 (wav48/) or 0.92 (wav48_silence_trimmed/) corpus.");
        var corpus = new Option<string>("--corpus") { Description = "The corpus folder.", Required = true };
        var outDir = new Option<string>("--out") { Description = "Data dir to write.", Required = true };
        var mic = new Option<string>("--mic") { Description = "VCTK 0.92 microphone: mic1 or mic2.", DefaultValueFactory = _ => "mic1" };
        command.Options.Add(corpus);
        command.Options.Add(outDir);
        command.Options.Add(mic);
        command.SetGuardedAction(p =>
        {
            var utts = VctkLayout.Read(p.GetValue(corpus)!, p.GetValue(mic)!);
            var dir = CorpusDataDir.Create(utts);
            dir.Save(p.GetValue(outDir)!);
            Console.WriteLine($"prepare-vctk: {dir.Utterances.Count} utterances, {dir.Spk2Utt.Count} speakers -> {p.GetValue(outDir)}");
            return 0;
        });
        return command;
    }

    static Command Validate()
    {
        var command = new Command("validate", "Check a data dir the way Kaldi's validate_data_dir.sh does; lists every problem.");
        var dirArg = new Argument<string>("dir") { Description = "The data dir." };
        command.Arguments.Add(dirArg);
        command.SetGuardedAction(p =>
        {
            var dir = KaldiDataDir.Load(p.GetValue(dirArg)!);
            foreach (var w in dir.Warnings) Console.Error.WriteLine("warning: " + w);
            int piped = dir.WavScp.Values.Count(KaldiDataDir.IsPipe);
            if (piped > 0)
                Console.Error.WriteLine($"warning: {piped} wav.scp entries are shell commands ('... |'); reading them runs those commands (" +
                                        "sdt does so only with --allow-pipes): check wav.scp comes from a source you trust");
            Console.WriteLine($"{dir.Directory}: OK, {dir.Utterances.Count} utterances, {dir.Spk2Utt.Count} speakers");
            return 0;
        });
        return command;
    }
}
