using System.CommandLine;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>
/// Wraps a command's action so that an expected failure (bad input, missing file, wrong layout) prints one clear
/// line on stderr and exits 1, instead of a stack trace. Set SDT_DEBUG=1 to see the stack trace as well.
/// </summary>
internal static class Guard
{
    /// <param name="describe">Phrases an error (e.g. with the command's flags); the default is <see cref="Describe"/>.</param>
    public static void SetGuardedAction(this Command command, Func<ParseResult, int> action, Func<Exception, string>? describe = null)
    {
        command.SetAction(parse =>
        {
            try
            {
                return action(parse);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Console.Error.WriteLine($"sdt {command.Name}: error: {(describe ?? Describe)(e)}");
                if (Environment.GetEnvironmentVariable("SDT_DEBUG") == "1") Console.Error.WriteLine(e);
                return 1;
            }
        });
    }

    /// <summary>
    /// The message, except that an audio error loses the hint about library settings (AudioReadOptions...), which
    /// a command-line user cannot set; commands with a flag for it say so themselves.
    /// </summary>
    public static string Describe(Exception e) => e is AudioFormatException a ? $"{a.Location}: {a.Problem}" : e.Message;
}
