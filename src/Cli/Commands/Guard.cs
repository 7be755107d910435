using System.CommandLine;
using System.CommandLine.Parsing;
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
                Console.Error.WriteLine($"{CommandPath(parse)}: error: {(describe ?? Describe)(e)}");
                if (Environment.GetEnvironmentVariable("SDT_DEBUG") == "1") Console.Error.WriteLine(e);
                return 1;
            }
        });
    }

    /// <summary>The full command as typed ("sdt features compute"), so a message names what the user ran.</summary>
    public static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is CommandResult command; result = command.Parent)
            names.Add(command.Command.Name);
        names.Reverse();
        return string.Join(' ', names.Skip(1).Prepend("sdt"));
    }

    /// <summary>
    /// The message, except that an audio error loses the hint about library settings (AudioReadOptions...), which
    /// a command-line user cannot set; commands with a flag for it say so themselves.
    /// </summary>
    public static string Describe(Exception e) => e is AudioFormatException a ? $"{a.Location}: {a.Problem}" : e.Message;
}
