using System.Globalization;
using System.Text;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>
/// Writes metrics to the experiment folder: metrics.jsonl and metrics.csv (step, stage, name, value), and
/// TensorBoard event files under tensorboard/ (tag "stage/name"). Without a folder it only keeps them in memory.
/// Nothing is written before <see cref="Open"/>; lines are then appended and flushed per call, so a killed run
/// keeps what it logged.
/// </summary>
public sealed class MetricsLogger : IDisposable
{
    const string CsvHeader = "step,stage,name,value";
    readonly string? _dir;
    readonly List<MetricRecord> _history = [];
    StreamWriter? _jsonl;
    StreamWriter? _csv;
    SummaryWriter? _tensorboard;

    public MetricsLogger(string? experimentDir) => _dir = experimentDir;

    /// <summary>
    /// Opens the files for appending (creating the folder) after dropping every row of a step after
    /// <paramref name="keepThroughStep"/>: a run resumed from a checkpoint redoes those steps. TensorBoard's event
    /// files cannot be cut, so when there are any they are deleted and one new file is written from the rows of
    /// metrics.jsonl that remain (TorchSharp writes wall time 0 anyway, so nothing is lost). Returns the number of
    /// rows dropped from metrics.jsonl.
    /// </summary>
    public int Open(long keepThroughStep)
    {
        _history.RemoveAll(r => r.Step > keepThroughStep);
        if (_dir is null) return 0;
        CloseFiles();
        Directory.CreateDirectory(_dir);
        string jsonlPath = Path.Combine(_dir, "metrics.jsonl"), csvPath = Path.Combine(_dir, "metrics.csv");
        int dropped = MetricsRewind.Truncate(jsonlPath, keepThroughStep, header: null, MetricsRewind.JsonlStep);
        MetricsRewind.Truncate(csvPath, keepThroughStep, CsvHeader, MetricsRewind.CsvStep);
        bool newCsv = !File.Exists(csvPath) || new FileInfo(csvPath).Length == 0;
        _jsonl = new StreamWriter(jsonlPath, append: true, new UTF8Encoding(false));
        _csv = new StreamWriter(csvPath, append: true, new UTF8Encoding(false));
        if (newCsv) _csv.WriteLine(CsvHeader);
        _csv.Flush();
        _jsonl.Flush();
        string tensorboardDir = Path.Combine(_dir, "tensorboard");
        bool replay = MetricsRewind.DeleteEventFiles(tensorboardDir) > 0;
        _tensorboard = torch.utils.tensorboard.SummaryWriter(tensorboardDir);
        if (replay)
        {
            foreach (var (step, stage, name, value) in MetricsRewind.ReadJsonl(jsonlPath))
                _tensorboard.add_scalar($"{stage}/{name}", (float)value, TensorBoardStep(step));
        }
        return dropped;
    }

    /// <summary>Everything logged through this logger, in order.</summary>
    public IReadOnlyList<MetricRecord> History => _history;

    public void Log(long step, Stage stage, IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (_dir is not null && _jsonl is null) throw new InvalidOperationException("MetricsLogger.Open must be called before Log");
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
            _tensorboard?.add_scalar($"{stageName}/{name}", (float)value, TensorBoardStep(step));
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

    static int TensorBoardStep(long step) => (int)Math.Min(step, int.MaxValue);

    void CloseFiles()
    {
        _jsonl?.Dispose();
        _csv?.Dispose();
        (_jsonl, _csv, _tensorboard) = (null, null, null);
    }

    public void Dispose() => CloseFiles();
}
