namespace SpeechDisentangle.Cli.Tests;

/// <summary>Runs `sdt` in-process with captured stdout/stderr. Console is process-wide, so CLI tests share one collection.</summary>
internal static class CliRunner
{
    static readonly Lock Gate = new();

    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        lock (Gate)
        {
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            var (o, e) = (new StringWriter(), new StringWriter());
            Console.SetOut(o);
            Console.SetError(e);
            try
            {
                int code = Program.Main(args);
                return (code, o.ToString(), e.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }
}
