using System.CommandLine;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>
/// Wraps a command's action so that an expected failure (bad input, missing file, wrong layout) prints one clear
/// line on stderr and exits 1, instead of a stack trace. Set SDT_DEBUG=1 to see the stack trace as well.
/// </summary>
internal static class Guard
{
    public static void SetGuardedAction(this Command command, Func<ParseResult, int> action)
    {
        command.SetAction(parse =>
        {
            try
            {
                return action(parse);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Console.Error.WriteLine($"sdt {command.Name}: error: {e.Message}");
                if (Environment.GetEnvironmentVariable("SDT_DEBUG") == "1") Console.Error.WriteLine(e);
                return 1;
            }
        });
    }
}
