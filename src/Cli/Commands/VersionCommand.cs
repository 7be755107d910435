using System.CommandLine;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt info`: versions and the torch device that would be used.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print versions and which torch devices are available.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"sdt {typeof(VersionCommand).Assembly.GetName().Version}");
            Console.WriteLine($"torch cuda available: {TorchSharp.torch.cuda.is_available()}");
            return 0;
        });
        return command;
    }
}
