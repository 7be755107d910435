using System.Net;
using System.Net.Sockets;

namespace SpeechDisentangle.Cli.Tests.Slurm;

/// <summary>
/// A single-node Slurm of this test alone (scripts/slurm-local.sh): its own folder and two ports the kernel just
/// handed out, so parallel test runs do not meet. Dispose stops its daemons, also after a failed start.
/// </summary>
internal sealed class PrivateSlurm : IDisposable
{
    readonly Dictionary<string, string> _env;
    readonly string _dir;

    PrivateSlurm(string dir, int ctldPort, int slurmdPort)
    {
        _dir = dir;
        _env = new()
        {
            ["SLURM_LOCAL_DIR"] = dir,
            ["SLURM_LOCAL_CTLD_PORT"] = ctldPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SLURM_LOCAL_SLURMD_PORT"] = slurmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SLURM_CONF"] = Path.Combine(dir, "etc", "slurm.conf"),
        };
    }

    /// <summary>What a client command needs to talk to this cluster (SLURM_CONF).</summary>
    public IReadOnlyDictionary<string, string> Env => _env;

    public static PrivateSlurm Start(string dir)
    {
        var (ctld, slurmd) = TwoFreePorts();
        var slurm = new PrivateSlurm(dir, ctld, slurmd);
        try
        {
            var (code, _, err) = slurm.Script("start");
            if (code != 0) throw new InvalidOperationException($"scripts/slurm-local.sh start failed ({code}): {err}{slurm.Logs()}");
            return slurm;
        }
        catch
        {
            slurm.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        var (code, _, err) = Script("stop");
        if (code != 0) Console.Error.WriteLine($"scripts/slurm-local.sh stop in {_dir} failed ({code}): {err}");
    }

    (int, string, string) Script(string verb) => Bash.Run(_env, Bash.RepoRoot, Path.Combine(Bash.RepoRoot, "scripts", "slurm-local.sh"), verb);

    string Logs()
    {
        string logs = Path.Combine(_dir, "log");
        return Directory.Exists(logs)
            ? string.Concat(Directory.GetFiles(logs).Select(f => $"\n--- {f}\n{string.Join('\n', File.ReadLines(f).TakeLast(10))}"))
            : "";
    }

    static (int, int) TwoFreePorts()
    {
        var a = new TcpListener(IPAddress.Any, 0);
        var b = new TcpListener(IPAddress.Any, 0);
        a.Start();
        b.Start();
        int pa = ((IPEndPoint)a.LocalEndpoint).Port, pb = ((IPEndPoint)b.LocalEndpoint).Port;
        a.Stop();
        b.Stop();
        return (pa, pb);
    }
}
