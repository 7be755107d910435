using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using SpeechDisentangle.Cli.Bench;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>
/// `sdt bench ...`: speed benchmarks (never timed tests). `frontend` times the log-mel extractor on one thread and,
/// in the same run, the FFTW reference program and torchaudio where they are available, and prints the ratios.
/// </summary>
internal static partial class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Speed benchmarks.");
        bench.Subcommands.Add(Frontend());
        bench.Subcommands.Add(Train());
        bench.Subcommands.Add(PerturbationBenchmark.Create());
        bench.Subcommands.Add(StreamingBenchmark.Create());
        bench.Subcommands.Add(VocoderBenchmark.Create());
        return bench;
    }

    static Command Frontend()
    {
        var command = new Command("frontend", "x-real-time of 80-bin log-mel on one thread for each preset, with FFTW and torchaudio references.");
        var seconds = new Option<double>("--seconds") { Description = "Audio length (synthetic 16 kHz).", DefaultValueFactory = _ => 600 };
        var repeats = new Option<int>("--repeats") { Description = "Best of this many runs.", DefaultValueFactory = _ => 3 };
        var fftw = new Option<string?>("--fftw") { Description = "The FFTW reference program (build: make -C bench/fftw); skipped when absent.", DefaultValueFactory = _ => "bench/fftw/logmel_fftw" };
        var python = new Option<string?>("--torchaudio-python") { Description = "A python with torchaudio, to time bench/pytorch/frontend_torchaudio.py; skipped when absent.", DefaultValueFactory = _ => "/usr/bin/python3" };
        foreach (var o in new Option[] { seconds, repeats, fftw, python }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            double s = p.GetValue(seconds);
            Console.WriteLine($"# sdt bench frontend: {s:F0} s of 16 kHz audio, 80 bins, one thread, best of {p.GetValue(repeats)}");
            Console.WriteLine($"# machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
            var ours = FrontendBenchmark.Run(Console.Out, s, 16000, p.GetValue(repeats));
            string s0 = s.ToString(CultureInfo.InvariantCulture);
            var references = new List<(string Name, double Xrt)>();
            if (p.GetValue(fftw) is string exe && File.Exists(exe))
            {
                foreach (string n in new[] { "400", "512" }) references.AddRange(RunAndParse(exe, [s0, n], "fftw"));
            }
            else
            {
                Console.WriteLine("# fftw reference skipped: build it with `make -C bench/fftw` (needs libfftw3-dev)");
            }
            string script = "bench/pytorch/frontend_torchaudio.py";
            if (p.GetValue(python) is string py && File.Exists(py) && File.Exists(script))
            {
                references.AddRange(RunAndParse(py, [script, s0], "torchaudio"));
            }
            // Compare like with like: kaldi uses a 512-point FFT, htk and slaney a 400-point one (25 ms at 16 kHz).
            foreach (var r in ours)
            {
                string fft = r.Preset == "kaldi" ? "fft 512" : "fft 400";
                foreach (var (name, xrt) in references.Where(x =>
                             (x.Name.StartsWith("fftw", StringComparison.Ordinal) && x.Name.EndsWith(fft, StringComparison.Ordinal)) ||
                             x.Name.StartsWith("torchaudio " + r.Preset, StringComparison.Ordinal)))
                    Console.WriteLine(FormattableString.Invariant($"ratio {r.Preset} / {name}: {r.RealTimeFactor / xrt:F2}"));
            }
            return 0;
        });
        return command;
    }

    static Command Train()
    {
        var command = new Command("train", "Training throughput (steps/s, samples/s after warm-up) of a model through the shared Trainer, on its real data; under mpirun -n N, data-parallel (--batch-size is the global batch).");
        var model = new Option<string>("--model") { Description = "Model name (sdt models).", Required = true };
        var data = new Option<string>("--data") { Description = "The model's data folder (as for sdt train).", Required = true };
        var device = new Option<string>("--device") { Description = "auto | cpu | cuda | cuda:N.", DefaultValueFactory = _ => "cpu" };
        var batch = new Option<int>("--batch-size") { Description = "Batch size.", DefaultValueFactory = _ => 64 };
        var steps = new Option<int>("--steps") { Description = "Timed steps.", DefaultValueFactory = _ => 50 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first.", DefaultValueFactory = _ => 10 };
        var config = new Option<string?>("--config") { Description = "Optional run config (model options)." };
        var set = SetOption.Create("Override a config value: --set trainer.flat_adam=true (repeatable).");
        foreach (var o in new Option[] { model, data, device, batch, steps, warmup, config, set }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            var run = SpeechDisentangle.Models.Core.Tasks.Experiment.LoadConfig(p.GetValue(model)!, p.GetValue(config),
                [.. p.GetValue(set) ?? [], $"trainer.device={p.GetValue(device)}", $"trainer.batch_size={p.GetValue(batch)}"]);
            return DataParallelRun.Run(Guard.CommandPath(p), parallel =>
            {
                var r = TrainBenchmark.Run(run, p.GetValue(data)!, p.GetValue(warmup), p.GetValue(steps), parallel);
                if (parallel.Rank != 0) return 0;
                Console.WriteLine(FormattableString.Invariant(
                    $"bench train {r.Model} device={r.Device} batch={r.BatchSize} ranks={r.Ranks}: {r.Steps} steps in {r.Seconds:F2} s = {r.StepsPerSecond:F2} steps/s, {r.SamplesPerSecond:F0} samples/s; {r.Parameters} parameters"));
                if (r.Ranks > 1)
                    Console.WriteLine(FormattableString.Invariant(
                        $"bench train {r.Model} allreduce per step (rank 0): {r.Allreduce.Bytes / 1e6 / r.Steps:F3} MB in {r.Allreduce.Calls / (double)r.Steps:F2} calls, {r.Allreduce.Seconds * 1e3 / r.Steps:F2} ms (waits for the other ranks included); when the ranks start together {r.AllreduceAlone.Median * 1e3:F2} ms (median), {r.AllreduceAlone.Fastest * 1e3:F2} ms (fastest)"));
                return 0;
            });
        });
        return command;
    }

    /// <summary>Runs a reference program, echoes its output, and returns each line's name and "NNNx real time" figure.</summary>
    static List<(string Name, double Xrt)> RunAndParse(string exe, string[] args, string label)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        string output = process.StandardOutput.ReadToEnd();
        string err = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Console.Write(output);
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"# {label} reference failed (exit {process.ExitCode}): {err.Trim()}");
            return [];
        }
        var found = new List<(string, double)>();
        foreach (string line in output.Split('\n'))
        {
            var m = XrtPattern().Match(line);
            if (!m.Success) continue;
            string name = string.Join(' ', line.Split(':')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            found.Add((name, double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
        }
        return found;
    }

    [GeneratedRegex(@"=\s*([0-9.]+)x real time")]
    private static partial Regex XrtPattern();
}
