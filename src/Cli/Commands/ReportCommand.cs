using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt report`: one markdown table of the metrics.json of every experiment under a folder.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", "Print a markdown table of every EXP_DIR/*/metrics.json (experiment, model, steps trained, metric, value).");
        var expDir = new Option<string>("--exp-dir") { Description = "Folder holding the experiment folders.", Required = true };
        command.Options.Add(expDir);
        command.SetGuardedAction(p =>
        {
            var root = p.GetValue(expDir)!;
            if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"experiment folder '{root}' does not exist");
            var rows = Directory.GetDirectories(root).Order(StringComparer.Ordinal)
                .Where(d => File.Exists(Path.Combine(d, "metrics.json")))
                .SelectMany(Rows).ToList();
            if (rows.Count == 0) throw new FileNotFoundException($"no '{root}/*/metrics.json' found: train or evaluate a model first");
            Console.WriteLine("| experiment | model | steps | metric | value |");
            Console.WriteLine("|---|---|---:|---|---:|");
            foreach (var row in rows) Console.WriteLine(row);
            return 0;
        });
        return command;
    }

    static IEnumerable<string> Rows(string dir)
    {
        var metrics = Experiment.ReadMetrics(dir);
        var configPath = Path.Combine(dir, ExperimentConfig.FileName);
        var config = File.Exists(configPath) ? ConfigLoader.Load(configPath) : null;
        var steps = TrainedSteps(dir)?.ToString(CultureInfo.InvariantCulture) ?? "?";
        var name = Path.GetFileName(dir);
        foreach (var (metric, value) in metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            yield return string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {config?.Model ?? "?"} | {steps} | {metric} | {value:G5} |");
    }

    // The last step the trainer logged (a run stopped early shows where it stopped, not trainer.max_steps).
    static long? TrainedSteps(string dir)
    {
        var path = Path.Combine(dir, "metrics.jsonl");
        if (!File.Exists(path)) return null;
        long? last = null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            using var record = JsonDocument.Parse(line);
            if (record.RootElement.TryGetProperty("step", out var step)) last = Math.Max(last ?? 0, step.GetInt64());
        }
        return last;
    }
}
