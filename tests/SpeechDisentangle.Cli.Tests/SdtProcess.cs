using System.Diagnostics;
using System.Text;

namespace SpeechDisentangle.Cli.Tests;

/// <summary>The built `sdt` program (copied next to the tests) run as a child process, its output collected.</summary>
internal sealed class SdtProcess : IDisposable
{
    readonly StringBuilder _output = new();

    SdtProcess(Process process) => Process = process;

    public Process Process { get; }

    /// <summary>stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>The sdt of this build, copied next to the tests.</summary>
    public static string Sdt { get; } = Path.Combine(AppContext.BaseDirectory, "sdt");

    public static SdtProcess Start(IEnumerable<string> args) => Start(Sdt, args, new Dictionary<string, string>());

    /// <summary>Starts <paramref name="program"/> (sdt, or a launcher such as mpirun that starts sdt) with extra environment variables.</summary>
    public static SdtProcess Start(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var process = new Process { StartInfo = start };
        var sdt = new SdtProcess(process);
        process.OutputDataReceived += (_, e) => sdt.Append(e.Data);
        process.ErrorDataReceived += (_, e) => sdt.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sdt;
    }

    /// <summary>Sends a signal (KILL, TERM, INT) with kill(1).</summary>
    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        kill.ExitCode.Should().Be(0);
    }

    public int WaitForExit()
    {
        if (!Process.WaitForExit(120_000))
        {
            Process.Kill();
            throw new TimeoutException("sdt did not finish within two minutes:\n" + Output);
        }
        Process.WaitForExit(); // drains the output
        return Process.ExitCode;
    }

    void Append(string? line)
    {
        if (line == null) return;
        lock (_output) _output.Append(line).Append('\n');
    }

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill();
        Process.Dispose();
    }
}
