using System.CommandLine;
using System.Globalization;
using SpeechDisentangle.Models.Core.Tasks;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`sdt compare EXP... [--mean]`: a markdown table of chosen metrics from each experiment's metrics.json
/// (and their means).</summary>
internal static class CompareCommand
{
    static readonly string[] DefaultMetrics = ["speaker_probe_acc", "speaker_chance", "speaker_probe_acc_unseen", "speaker_chance_unseen",
        "content_acc_test", "content_acc_unseen", "content_probe_acc_unseen"];

    public static Command Create()
    {
        var command = new Command("compare", "Print a markdown table of metrics (from EXP/metrics.json) side by side.");
        var exps = new Argument<string[]>("experiments") { Description = "Experiment folders.", Arity = ArgumentArity.OneOrMore };
        var metrics = new Option<string[]>("--metric") { Description = "Metric to show (repeatable; default: the speaker-invariance metrics)." };
        var mean = new Option<bool>("--mean") { Description = "Add a row with each metric's mean over the experiments that have it (e.g. over folds or seeds)." };
        command.Arguments.Add(exps);
        command.Options.Add(metrics);
        command.Options.Add(mean);
        command.SetGuardedAction(p =>
        {
            var names = p.GetValue(metrics) is { Length: > 0 } m ? m : DefaultMetrics;
            var rows = p.GetValue(exps)!.Select(e => (Name: Path.GetFileName(Path.TrimEndingDirectorySeparator(e)), Values: Experiment.ReadMetrics(e))).ToList();
            Console.WriteLine("| experiment | " + string.Join(" | ", names) + " |");
            Console.WriteLine("|---|" + string.Concat(names.Select(_ => "---:|")));
            foreach (var (name, values) in rows)
                Console.WriteLine($"| {name} | " + string.Join(" | ", names.Select(n => Cell(values.TryGetValue(n, out double v) ? v : null))) + " |");
            if (p.GetValue(mean))
                Console.WriteLine($"| mean of {rows.Count} | " + string.Join(" | ", names.Select(n => Cell(Mean(rows.Select(r => r.Values), n)))) + " |");
            return 0;
        });
        return command;
    }

    static string Cell(double? value) => value is double v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";

    static double? Mean(IEnumerable<Dictionary<string, double>> rows, string metric)
    {
        var present = rows.Where(r => r.ContainsKey(metric)).Select(r => r[metric]).ToList();
        return present.Count == 0 ? null : present.Average();
    }
}
