using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SpeechDisentangle.Models.Config;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt report`: one markdown table of the metrics.json of every experiment under a folder.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", "Print a markdown table of every EXP_DIR/*/metrics.json (experiment, model, steps, metric, value).");
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
        var metricsPath = Path.Combine(dir, "metrics.json");
        Dictionary<string, double> metrics;
        try
        {
            metrics = JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(metricsPath)) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{metricsPath}: not a flat JSON object of numbers ({e.Message})", e);
        }
        var configPath = Path.Combine(dir, ExperimentConfig.FileName);
        var config = File.Exists(configPath) ? ConfigLoader.Load(configPath) : null;
        var name = Path.GetFileName(dir);
        foreach (var (metric, value) in metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            yield return string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {config?.Model ?? "?"} | {config?.Trainer.MaxSteps.ToString(CultureInfo.InvariantCulture) ?? "?"} | {metric} | {value:G5} |");
    }
}
