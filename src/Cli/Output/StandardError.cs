namespace SpeechDisentangle.Cli.Output;

/// <summary>Where sdt puts what the libraries hand back to their caller: warnings go to standard error.</summary>
internal static class StandardError
{
    /// <summary>Prints a library warning as "warning: ..." on standard error (a sink for AudioReadOptions.Warning).</summary>
    public static void Warn(string message) => Console.Error.WriteLine("warning: " + message);
}
