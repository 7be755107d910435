using System.CommandLine;
using System.Globalization;
using SpeechDisentangle.Cli.Commands;
using SpeechDisentangle.Models.Core.Parallel;
using SpeechDisentangle.Models.Core.Tasks;

namespace SpeechDisentangle.Cli.Bench;

/// <summary>
/// `sdt bench streaming`: SIT training steps/s and the process's peak resident memory (VmHWM) on a generated corpus
/// of a chosen size, read in memory or streamed (data.loading.mode). Run once per mode, each in its own process, so
/// each peak is its own.
/// </summary>
internal static class StreamingBenchmark
{
    public static Command Create()
    {
        var command = new Command("streaming", "SIT steps/s and peak RSS on a generated corpus of --hours of 80-bin features, read in memory or streamed.");
        var work = new Option<string>("--work") { Description = "Folder for the generated corpus (reused when complete).", Required = true };
        var hours = new Option<double>("--hours") { Description = "Hours of features in train/ (100 frames/s, 80 bins: 115 MB per hour).", DefaultValueFactory = _ => 100 };
        var mode = new Option<string>("--mode") { Description = "data.loading.mode: memory | stream | auto.", DefaultValueFactory = _ => "stream" };
        var steps = new Option<int>("--steps") { Description = "Timed steps.", DefaultValueFactory = _ => 40 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first.", DefaultValueFactory = _ => 5 };
        var batch = new Option<int>("--batch-size") { Description = "Utterances per batch.", DefaultValueFactory = _ => 32 };
        var set = SetOption.Create("Override a config value (repeatable).");
        var delete = new Option<bool>("--delete") { Description = "Delete the generated corpus afterwards." };
        var dataOnly = new Option<bool>("--data-only") { Description = "Only draw training batches (no model): how fast the source delivers them." };
        foreach (var o in new Option[] { work, hours, mode, steps, warmup, batch, set, delete, dataOnly }) command.Options.Add(o);
        command.SetGuardedAction(p =>
        {
            double h = p.GetValue(hours);
            if (!(h > 0)) throw new ArgumentException("--hours must be > 0");
            string root = Path.Combine(p.GetValue(work)!, string.Create(CultureInfo.InvariantCulture, $"sit-{h:0.###}h"));
            try
            {
                long bytes = StreamingBenchCorpus.Ensure(root, h, Console.Out);
                Console.WriteLine(FormattableString.Invariant($"# corpus {root}: train/ {h} h, {bytes / 1e9:F2} GB of features"));
                var config = Experiment.LoadConfig("sit", null, [
                    $"data.loading.mode={p.GetValue(mode)}", "data.train_max_frames=300", "trainer.device=cpu", $"trainer.batch_size={p.GetValue(batch)}",
                    $"model_options.encoder.input_bins={StreamingBenchCorpus.Bins}", .. p.GetValue(set) ?? []]);
                if (p.GetValue(dataOnly))
                {
                    var (batches, seconds) = DrawBatches(config, root, p.GetValue(steps));
                    Console.WriteLine(FormattableString.Invariant(
                        $"bench streaming sit data-only mode={p.GetValue(mode)} hours={h} batch={config.Trainer.BatchSize}: {batches} batches in {seconds:F2} s = {batches / seconds:F2} batches/s; peak RSS {PeakRssMb():F0} MB"));
                    return 0;
                }
                var r = TrainBenchmark.Run(config, root, p.GetValue(warmup), p.GetValue(steps), SingleProcess.Instance);
                Console.WriteLine(FormattableString.Invariant(
                    $"bench streaming sit mode={p.GetValue(mode)} hours={h} batch={r.BatchSize}: {r.Steps} steps in {r.Seconds:F2} s = {r.StepsPerSecond:F3} steps/s; peak RSS {PeakRssMb():F0} MB"));
                return 0;
            }
            finally
            {
                if (p.GetValue(delete) && Directory.Exists(root)) Directory.Delete(root, recursive: true);
            }
        });
        return command;
    }

    /// <summary>Draws <paramref name="count"/> training batches of epoch 0 (after loading, untimed) and times them.</summary>
    static (int Batches, double Seconds) DrawBatches(Models.Core.Config.RunConfig config, string root, int count)
    {
        var task = ModelRegistry.Get(config.Model);
        config = task.CompleteFromData(config, root);
        using var data = task.LoadData(root, config);
        using var generator = new TorchSharp.torch.Generator(1, TorchSharp.torch.CPU);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int n = 0;
        foreach (var batch in data.Train.Batches(0, generator).Take(count))
        {
            foreach (var t in batch.Values) t.Dispose();
            n++;
        }
        return (n, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The process's peak resident set size (VmHWM of /proc/self/status) in MB; NaN where there is no /proc.</summary>
    static double PeakRssMb()
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path)) return double.NaN;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
