using System.Globalization;
using System.Text;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;

namespace SpeechDisentangle.Models.Training;

/// <summary>
/// Writes metrics to the experiment folder: metrics.jsonl and metrics.csv (step, stage, name, value), and
/// TensorBoard event files under tensorboard/ (tag "stage/name"). Without a folder it only keeps them in memory.
/// Lines are appended and flushed per call, so a killed run keeps what it logged.
/// </summary>
public sealed class MetricsLogger : IDisposable
{
    readonly List<MetricRecord> _history = [];
    readonly StreamWriter? _jsonl;
    readonly StreamWriter? _csv;
    readonly SummaryWriter? _tensorboard;

    public MetricsLogger(string? experimentDir)
    {
        if (experimentDir is null) return;
        Directory.CreateDirectory(experimentDir);
        string csvPath = Path.Combine(experimentDir, "metrics.csv");
        bool newCsv = !File.Exists(csvPath);
        _jsonl = new StreamWriter(Path.Combine(experimentDir, "metrics.jsonl"), append: true, new UTF8Encoding(false));
        _csv = new StreamWriter(csvPath, append: true, new UTF8Encoding(false));
        if (newCsv) _csv.WriteLine("step,stage,name,value");
        _tensorboard = torch.utils.tensorboard.SummaryWriter(Path.Combine(experimentDir, "tensorboard"));
    }

    /// <summary>Everything logged through this logger, in order.</summary>
    public IReadOnlyList<MetricRecord> History => _history;

    public void Log(long step, Stage stage, IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        string stageName = StageName(stage);
        foreach (var (name, value) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            _history.Add(new MetricRecord(step, stage, name, value));
            string v = value.ToString("R", CultureInfo.InvariantCulture);
            _jsonl?.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["step"] = step, ["stage"] = stageName, ["name"] = name, ["value"] = double.IsFinite(value) ? value : v,
            }));
            _csv?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step},{stageName},{Csv(name)},{v}"));
            _tensorboard?.add_scalar($"{stageName}/{name}", (float)value, (int)Math.Min(step, int.MaxValue));
        }
        _jsonl?.Flush();
        _csv?.Flush();
    }

    public static string StageName(Stage stage) => stage switch
    {
        Stage.Train => "train",
        Stage.Valid => "valid",
        _ => "test",
    };

    static string Csv(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal)
        ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : s;

    public void Dispose()
    {
        _jsonl?.Dispose();
        _csv?.Dispose();
    }
}
