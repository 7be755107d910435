using System.Diagnostics;

namespace SpeechDisentangle.Models.Tests.Core.Training;

/// <summary>
/// A python3 that can import torch (Debian's python3-torch): the reference the PyTorch interop tests check against.
/// Python is not part of the product; where it is missing those tests are reported as skipped.
/// </summary>
internal static class PythonTorch
{
    static readonly Lazy<string?> Found = new(() =>
        new[] { "/usr/bin/python3", "python3" }.FirstOrDefault(p => TryRun(p, "import torch; torch.nn.Linear(1, 1)(torch.zeros(1))", out _, out _)));

    /// <summary>The interpreter, or null when no python3 here imports torch.</summary>
    public static string? Interpreter => Found.Value;

    /// <summary>Runs a script (argv[1..] = <paramref name="args"/>) and returns its stdout; a failure throws with its stderr.</summary>
    public static string Run(string script, params string[] args)
    {
        string python = Interpreter ?? throw new InvalidOperationException("no python3 with torch here");
        if (!TryRun(python, script, out string stdout, out string stderr, args))
            throw new InvalidOperationException($"{python} failed:\n{stderr}\nscript:\n{script}");
        return stdout;
    }

    /// <summary>
    /// Checks a script's output, a JSON list of numbers, against TorchSharp's values to a tolerance relative to their
    /// largest magnitude (libtorch versions may sum in another order).
    /// </summary>
    public static void ShouldMatch(string stdoutJson, IReadOnlyList<float> expected, double relativeTolerance)
    {
        var actual = System.Text.Json.JsonSerializer.Deserialize<double[]>(stdoutJson)!;
        double scale = expected.Max(v => Math.Abs(v));
        actual.Should().HaveCount(expected.Count);
        for (int i = 0; i < expected.Count; i++)
            actual[i].Should().BeApproximately(expected[i], relativeTolerance * scale, $"value {i} of the python output");
    }

    static bool TryRun(string python, string script, out string stdout, out string stderr, params string[] args)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["OMP_NUM_THREADS"] = "1";
        try
        {
            using var process = Process.Start(start)!;
            var err = process.StandardError.ReadToEndAsync();
            stdout = process.StandardOutput.ReadToEnd();
            stderr = err.Result;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            (stdout, stderr) = ("", e.Message);
            return false;
        }
    }
}

/// <summary>A fact that needs python3 with torch: where none is installed it is reported as skipped, with the reason.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PythonTorchFactAttribute : FactAttribute
{
    public PythonTorchFactAttribute()
    {
        if (PythonTorch.Interpreter is null)
            Skip = "no python3 here imports torch (apt-get install python3-torch): this PyTorch interop check did not run";
    }
}
