using System.CommandLine;
using SpeechDisentangle.Models.Core.Training;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt checkpoint verify|seal`: check checkpoint files, or give an old one (no checksum) a checksum.</summary>
internal static class CheckpointCommand
{
    public static Command Create()
    {
        var command = new Command("checkpoint", "Check checkpoint files (length and SHA-256), or add a checksum to one written by an older sdt.");
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Seal());
        return command;
    }

    static Command Verify()
    {
        var command = new Command("verify", "Check each checkpoint's length and checksum; print its step; exit 1 if any fails.");
        var files = new Argument<string[]>("checkpoints") { Description = "Checkpoint files.", Arity = ArgumentArity.OneOrMore };
        command.Arguments.Add(files);
        command.SetGuardedAction(p =>
        {
            int failed = 0;
            foreach (string path in p.GetValue(files)!)
            {
                try
                {
                    var state = Checkpoint.Verify(path);
                    Console.WriteLine($"{path}: ok (step {state.Step}, seed {state.Seed})");
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    Console.Error.WriteLine($"sdt checkpoint verify: error: {e.Message}");
                    failed++;
                }
            }
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    static Command Seal()
    {
        var command = new Command("seal",
            $"Rewrite a checkpoint of format {CheckpointFile.LegacyFormat} (no checksum) with a checksum of its bytes as they are now. " +
            "Only for files you trust: a damaged old file stays damaged.");
        var file = new Argument<string>("checkpoint") { Description = "An old checkpoint file." };
        command.Arguments.Add(file);
        command.SetGuardedAction(p =>
        {
            string path = p.GetValue(file)!;
            CheckpointFile.Seal(path);
            Console.WriteLine($"{path}: sealed (step {Checkpoint.Verify(path).Step})");
            return 0;
        });
        return command;
    }
}
