using System.CommandLine;
using SpeechDisentangle.Models.Core.Tasks;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt export`: a trained model's weights as a PyTorch state_dict plus a JSON of its architecture options.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var command = new Command("export",
            "Write a checkpoint's weights as a PyTorch state_dict (torch.load reads it) and a JSON file with the model name, " +
            "model_options and every tensor's name, shape and dtype.");
        var checkpoint = new Option<string>("--checkpoint") { Description = "exp/NAME/checkpoints/best.ckpt or last.ckpt (read with its experiment's config.yaml).", Required = true };
        var outPath = new Option<string>("--out") { Description = "The state_dict file to write, e.g. model.pt.", Required = true };
        var outConfig = new Option<string?>("--out-config") { Description = "The JSON file to write (default: --out with extension .json)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace --out and --out-config if they exist." };
        foreach (var o in new Option[] { checkpoint, outPath, outConfig, overwrite }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            var exported = ModelExport.Export(p.GetValue(checkpoint)!, p.GetValue(outPath)!, p.GetValue(outConfig), p.GetValue(overwrite));
            Console.WriteLine($"{exported.StateDictPath}: {exported.Tensors.Count} tensors of {exported.Model} (step {exported.Step}); " +
                              $"architecture in {exported.ConfigPath}");
            return 0;
        });
        return command;
    }
}
