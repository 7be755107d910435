using System.Globalization;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Tests.Dann;
using static TorchSharp.torch;

namespace SpeechDisentangle.Cli.Tests.DataParallel;

/// <summary>
/// dann-mnist on tiny bar digits and noise photos, trained by the built sdt alone or under mpirun.mpich. The model
/// suits an equivalence test: no batch norm (batch_norm: none, the default), no noise, per-row mean losses, and a
/// batch of 8 source + 8 target rows splits into 4 + 4 per rank. The reference run (one process, 20 steps, batch 16)
/// and the same run over two ranks are made once, when first asked for (so skipped tests start nothing), and shared.
/// </summary>
public sealed class DannDigitsRuns : IDisposable
{
    public const int Steps = 20;
    public const int BatchSize = 16;

    public DannDigitsRuns()
    {
        set_num_threads(1);
        Root = Path.Combine(Path.GetTempPath(), "sdt-mpi-" + Guid.NewGuid().ToString("N")[..12]);
        TinyMnistFolder.WriteIdx(Data, train: 64, test: 16, seed: 1);
        TinyMnistFolder.WritePhotos(Path.Combine(Root, "photos"), count: 2, seed: 2);
        File.WriteAllText(Config, $"""
            model: dann-mnist
            model_options:
              lambda_max: 0.1
              lambda_schedule: constant
              label_hidden: 16
              domain_hidden: 16
            trainer: {"{"}max_steps: {Steps}, batch_size: {BatchSize}, log_every: 5, seed: 3, progress: false{"}"}
            data:
              photo_folder: {Path.Combine(Root, "photos")}
              max_photo_side: 0
            """);
        // Alone first: it also builds the MNIST-M cache that every later run reads.
        _oneProcess = new(() => Train("one", ranks: 1));
        _twoRanks = new(() =>
        {
            _ = _oneProcess.Value;
            return Train("two", ranks: 2);
        });
    }

    readonly Lazy<string> _oneProcess;
    readonly Lazy<string> _twoRanks;

    public string Root { get; }
    public string Data => Path.Combine(Root, "mnist");
    public string Config => Path.Combine(Root, "dann.yaml");

    /// <summary>The experiment folder of one process training with the whole batch.</summary>
    public string OneProcess => _oneProcess.Value;

    /// <summary>The experiment folder of two ranks, each with half of every batch.</summary>
    public string TwoRanks => _twoRanks.Value;

    /// <summary>Trains into Root/<paramref name="name"/> alone (ranks 1) or under mpirun; fails on a non-zero exit.</summary>
    public string Train(string name, int ranks, params string[] extra)
    {
        string exp = Path.Combine(Root, name);
        using var run = Start(ranks, [.. Args(exp), .. extra]);
        run.WaitForExit().Should().Be(0, run.Output);
        if (ranks > 1) run.Output.Should().Contain($"data-parallel over {ranks} ranks");
        return exp;
    }

    /// <summary>`sdt train dann-mnist` with this fixture's data and config into <paramref name="exp"/>.</summary>
    public string[] Args(string exp, string? data = null) => ["train", "dann-mnist", "--config", Config, "--data", data ?? Data, "--out", exp];

    /// <summary>
    /// Starts sdt alone or `mpirun.mpich -n RANKS sdt ...`, with <paramref name="job"/> in every rank's environment
    /// (SDT_TEST_JOB) and, when given, SDT_MPI_WAIT_LIMIT.
    /// </summary>
    internal static SdtProcess Start(int ranks, IEnumerable<string> sdtArgs, string? job = null, int? waitLimitSeconds = null) =>
        ranks == 1
            ? SdtProcess.Start(SdtProcess.Sdt, sdtArgs, Environment(job, waitLimitSeconds))
            : SdtProcess.Start(MpiFactAttribute.Mpirun, ["-n", ranks.ToString(CultureInfo.InvariantCulture), SdtProcess.Sdt, .. sdtArgs], Environment(job, waitLimitSeconds));

    /// <summary>Starts an MPMD job: one `sdt` per argument list, rank i running the i-th.</summary>
    internal static SdtProcess StartEach(IReadOnlyList<string[]> perRank, string job) =>
        SdtProcess.Start(MpiFactAttribute.Mpirun, [.. perRank.SelectMany((a, i) => (i == 0 ? new[] { "-n", "1", SdtProcess.Sdt } : [":", "-n", "1", SdtProcess.Sdt]).Concat(a))], Environment(job));

    // One torch thread per rank; TERM=dumb keeps dotnet from writing terminal escape codes under mpirun.
    static Dictionary<string, string> Environment(string? job, int? waitLimitSeconds = null)
    {
        var environment = new Dictionary<string, string> { ["TERM"] = "dumb", ["OMP_NUM_THREADS"] = "1", ["SDT_TEST_JOB"] = job ?? "" };
        if (waitLimitSeconds is int seconds) environment["SDT_MPI_WAIT_LIMIT"] = seconds.ToString(CultureInfo.InvariantCulture);
        return environment;
    }

    /// <summary>Ids of the live processes with SDT_TEST_JOB=<paramref name="job"/> (mpirun, its proxy and the ranks), or only rank <paramref name="rank"/>.</summary>
    public static List<int> Processes(string job, int? rank = null)
    {
        var found = new List<int>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            string[] environment;
            try { environment = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0'); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            if (!environment.Contains($"SDT_TEST_JOB={job}")) continue;
            if (rank is int r && !environment.Contains($"PMI_RANK={r}")) continue;
            found.Add(pid);
        }
        return found;
    }

    /// <summary>
    /// The processes of <paramref name="job"/> still alive after they have had a minute to go (mpirun may exit
    /// while the ranks it killed are still on their way out).
    /// </summary>
    public static List<int> Survivors(string job)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        List<int> alive;
        while ((alive = Processes(job)).Count > 0 && DateTime.UtcNow < deadline) Thread.Sleep(50);
        return alive;
    }

    /// <summary>The largest absolute difference between the weights of two checkpoints (same model), and the tensor where it is.</summary>
    public static (double Difference, string Tensor) LargestDifference(string experimentA, string experimentB)
    {
        var a = Experiment.Load(Path.Combine(experimentA, "checkpoints", "last.ckpt")).Model.Module.state_dict();
        var b = Experiment.Load(Path.Combine(experimentB, "checkpoints", "last.ckpt")).Model.Module.state_dict();
        b.Keys.Should().BeEquivalentTo(a.Keys);
        using var scope = NewDisposeScope();
        return a.Where(kv => kv.Value.is_floating_point())
            .Select(kv => ((kv.Value - b[kv.Key]).abs().max().item<float>() * 1.0, kv.Key))
            .MaxBy(d => d.Item1);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
