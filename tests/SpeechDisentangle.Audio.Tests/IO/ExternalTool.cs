using System.Diagnostics;

namespace SpeechDisentangle.Audio.Tests.IO;

/// <summary>Runs flac/sox (installed by scripts/setup.sh) and fails the test with their stderr if they fail.</summary>
public static class ExternalTool
{
    public static void Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited {p.ExitCode}: {err.Result} (run scripts/setup.sh to install flac, sox, libsndfile1)");
    }
}
