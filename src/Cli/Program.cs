using System.CommandLine;
using SpeechDisentangle.Cli.Commands;

namespace SpeechDisentangle.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        using var interrupts = InterruptCleanup.Install();
        return BuildRoot().Parse(args).Invoke();
    }

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("sdt: SpeechDisentangle, disentangled and domain-invariant features for speech and images.");
        foreach (var command in CommandRegistry.All()) root.Subcommands.Add(command);
        return root;
    }
}
