using System.Diagnostics;
using System.Globalization;
using SharpFuzz;

namespace SpeechDisentangle.Fuzzing;

/// <summary>
/// sdt-fuzz: drives the readers' fuzz targets (the same ones the property tests use).
///   list                          the target names
///   seeds TARGET DIR              writes the target's valid seed files into DIR (the AFL++ corpus)
///   afl TARGET                    the AFL++ harness (SharpFuzz's in-process fork server; input on stdin)
///   replay TARGET PATH...         checks files (or every file of folders) against the contract, prints each verdict
///   mutate TARGET SECONDS [SEED]  CsCheck mutations of the seeds for a fixed time (not coverage-guided)
/// </summary>
public static class Program
{
    static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "data");

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help") return Usage();
        if (args[0] == "list")
        {
            foreach (var t in Targets()) Console.WriteLine(t.Name);
            return 0;
        }
        if (args.Length < 2) return Usage();
        // Instrumented code may only run inside Fuzzer.Run (it writes to afl-fuzz's shared memory), so the afl mode
        // builds its target there; the other modes run on the uninstrumented build.
        if (args[0] == "afl") return Afl(args[1]);
        FuzzTarget? target = Targets().SingleOrDefault(t => t.Name == args[1]);
        if (target is null)
        {
            Console.Error.WriteLine($"sdt-fuzz: unknown target '{args[1]}' (known: {string.Join(", ", Targets().Select(t => t.Name))})");
            return 2;
        }
        return args[0] switch
        {
            "seeds" when args.Length == 3 => WriteSeeds(target, args[2]),
            "replay" when args.Length >= 3 => Replay(target, args[2..]),
            "mutate" when args.Length is 3 or 4 => Mutate(target, Seconds(args[2]), args.Length == 4 ? ulong.Parse(args[3], CultureInfo.InvariantCulture) : 1),
            _ => Usage(),
        };
    }

    static IReadOnlyList<FuzzTarget> Targets() => [.. AudioFuzzTargets.All(Fixtures), .. ModelFuzzTargets.All()];

    static int Usage()
    {
        Console.Error.WriteLine("usage: sdt-fuzz list | seeds TARGET DIR | afl TARGET | replay TARGET PATH... | mutate TARGET SECONDS [SEED]");
        return 2;
    }

    static double Seconds(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    static int WriteSeeds(FuzzTarget target, string dir)
    {
        Directory.CreateDirectory(dir);
        for (int i = 0; i < target.Seeds.Count; i++) File.WriteAllBytes(Path.Combine(dir, $"seed-{i:D2}"), target.Seeds[i]);
        Console.WriteLine($"{target.Seeds.Count} seed file(s) for {target.Name} in {dir}");
        return 0;
    }

    // A contract violation is thrown out of the action: SharpFuzz reports it to afl-fuzz as a crash.
    static int Afl(string name)
    {
        FuzzTarget? target = null;
        string path = "";
        Fuzzer.Run(stream =>
        {
            if (target is null)
            {
                target = Targets().Single(t => t.Name == name);
                path = ScratchPath(target);
            }
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            if (ReaderContract.Violation(target, copy.ToArray(), path) is { } problem) throw new ReaderContractException(problem);
        });
        return 0;
    }

    static int Replay(FuzzTarget target, string[] paths)
    {
        string scratch = ScratchPath(target);
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p).Order(StringComparer.Ordinal) : (IEnumerable<string>)[p]).ToList();
        int broken = 0;
        foreach (string file in files)
        {
            string? problem = ReaderContract.Check(target, File.ReadAllBytes(file), scratch);
            if (problem is not null) broken++;
            Console.WriteLine($"{file}: {problem ?? "ok"}");
        }
        Console.WriteLine($"{files.Count} input(s), {broken} broke the contract");
        return broken == 0 ? 0 : 1;
    }

    static int Mutate(FuzzTarget target, double seconds, ulong seed)
    {
        string scratch = ScratchPath(target);
        string crashes = Path.Combine(Environment.CurrentDirectory, $"mutate-crashes-{target.Name}");
        var clock = Stopwatch.StartNew();
        long executions = 0, broken = 0;
        foreach (byte[] input in ByteMutator.Cases(ByteMutator.Mutants(target.Seeds), seed, int.MaxValue))
        {
            if (clock.Elapsed.TotalSeconds >= seconds) break;
            executions++;
            if (ReaderContract.Violation(target, input, scratch) is not { } problem) continue;
            broken++;
            Directory.CreateDirectory(crashes);
            File.WriteAllBytes(Path.Combine(crashes, $"case-{executions}"), input);
            Console.WriteLine($"case {executions}: {problem.Split('\n')[0]}");
        }
        Console.WriteLine($"target={target.Name} executions={executions} seconds={clock.Elapsed.TotalSeconds:F0} broken={broken} seed={seed}");
        return broken == 0 ? 0 : 1;
    }

    static string ScratchPath(FuzzTarget target)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"sdt-fuzz-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, "input-" + target.Name);
    }
}
