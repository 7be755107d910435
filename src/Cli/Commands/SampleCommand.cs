using System.CommandLine;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Images.Common;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt sample`: draws samples of a trained generative image model into a PNG grid.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var command = new Command("sample", "Draw samples of a trained generative model (infogan, vae, vaegan, bigan, triplegan) into a PNG grid.");
        var checkpoint = new Option<string>("--checkpoint") { Description = "exp/NAME/checkpoints/last.ckpt.", Required = true };
        var outPath = new Option<string>("--out") { Description = "PNG file to write.", Required = true };
        var n = new Option<int>("--n") { Description = "Number of samples (a multiple of --columns).", DefaultValueFactory = _ => 100 };
        var columns = new Option<int>("--columns") { Description = "Images per row (class-conditional models: 10 puts one class per column).", DefaultValueFactory = _ => 10 };
        var seed = new Option<long>("--seed") { Description = "Noise seed.", DefaultValueFactory = _ => 0 };
        foreach (var o in new Option[] { checkpoint, outPath, n, columns, seed }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            var experiment = Experiment.Load(p.GetValue(checkpoint)!);
            var path = SampleGrid.Save(experiment, p.GetValue(outPath)!, p.GetValue(n), p.GetValue(columns), p.GetValue(seed));
            Console.WriteLine($"sample: wrote {path}");
            return 0;
        });
        return command;
    }
}
