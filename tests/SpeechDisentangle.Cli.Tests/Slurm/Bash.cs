using System.Diagnostics;

namespace SpeechDisentangle.Cli.Tests.Slurm;

/// <summary>Runs bash scripts of the repository (recipes/common, scripts/) with extra environment variables.</summary>
internal static class Bash
{
    /// <summary>The repository root: the folder above the test assembly that holds recipes/common/cmd.sh.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The sdt program of this build: the test project references the CLI, so its apphost sits beside the tests.</summary>
    public static string Sdt { get; } = Path.Combine(AppContext.BaseDirectory, "sdt");

    public static (int Code, string Out, string Err) Run(IReadOnlyDictionary<string, string> env, string workDir, params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        foreach (string a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in env) start.Environment[k] = v;
        using var p = Process.Start(start)!;
        Task<string> output = p.StandardOutput.ReadToEndAsync(), error = p.StandardError.ReadToEndAsync();
        // A safety net, not a timing check: a hung job must not hang the test run.
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"bash {string.Join(' ', args)} did not finish in 5 minutes; output so far: {error.Result}");
        }
        return (p.ExitCode, output.Result, error.Result);
    }

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "recipes", "common", "cmd.sh"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no folder above {AppContext.BaseDirectory} holds recipes/common/cmd.sh");
    }
}
