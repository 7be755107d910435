using System.Text.Json;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Parallel;
using SpeechDisentangle.Models.Core.Training;

namespace SpeechDisentangle.Models.Core.Tasks;

/// <summary>A trained (or loaded) model with the task and config it came from.</summary>
public sealed record LoadedExperiment(ModelTask Task, RunConfig Config, ITrainable Model, string Directory);

/// <summary>
/// What `sdt train|eval|sample` do, in one place: resolve the config, train through the shared Trainer, then write
/// metrics.json and the pictures; or load an experiment back from its checkpoint and config.yaml.
/// </summary>
public static class Experiment
{
    /// <summary>The run config: the YAML file if given (else the model's defaults), with --set overrides applied.</summary>
    public static RunConfig LoadConfig(string model, string? configPath, IEnumerable<string> overrides)
    {
        var config = configPath is null
            ? ConfigLoader.Parse($"model: {model}\n", "<defaults>", overrides)
            : ConfigLoader.Load(configPath, overrides);
        if (config.Model.Length == 0) config = config with { Model = model };
        if (config.Model != model)
            throw new ConfigException($"{configPath}: the config is for model '{config.Model}', but '{model}' was asked for");
        return config;
    }

    /// <summary>
    /// Trains, evaluates and draws; returns the metrics. Everything that can fail on the config (options, optimizers,
    /// init_from, the data) is checked before the experiment folder is touched, so a run that fails there creates nothing.
    /// </summary>
    /// <param name="resume">Continue the run in <paramref name="outDir"/> from its newest checkpoint that verifies.</param>
    /// <param name="overwrite">Delete the run already in <paramref name="outDir"/> (checkpoints, metrics, tensorboard, plots, config) first.</param>
    /// <param name="warnings">Where the trainer reports failed checkpoints and rewound metrics (default: nowhere).</param>
    /// <param name="progress">Receives the training steps done.</param>
    /// <param name="parallel">The ranks training together (default: this process alone). Rank 0 alone touches
    /// <paramref name="outDir"/> (except that every rank reads the checkpoint it resumes from) and evaluates; the
    /// other ranks return no metrics.</param>
    /// <exception cref="InvalidOperationException"><paramref name="outDir"/> already holds a run and neither flag was given.</exception>
    public static IReadOnlyDictionary<string, double> Train(RunConfig config, string dataPath, string outDir, bool resume, TextWriter log,
        bool overwrite = false, TextWriter? warnings = null, IProgress<WorkProgress>? progress = null, IDataParallel? parallel = null)
    {
        parallel ??= SingleProcess.Instance;
        bool root = parallel.Rank == 0;
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(log);
        if (resume && overwrite) throw new ArgumentException("--resume and --overwrite exclude each other: continue the run in the folder, or replace it");
        var task = ModelRegistry.Get(config.Model);
        config = task.CompleteFromData(config, dataPath);
        object options = task.ResolveOptions(config.ModelOptions);
        config = config with { ModelOptions = ConfigMap.From(options, "model_options") };
        config.Trainer.Validate();
        var used = root ? ExperimentFolder.Present(outDir, ExperimentFolder.ExperimentEntries) : [];
        if (used.Count > 0 && !resume && !overwrite)
            throw new InvalidOperationException($"'{outDir}' already holds a run ({string.Join(", ", used)}); pass --resume to continue it, " +
                                                "or --overwrite to delete its checkpoints, metrics, tensorboard files, plots and config and train again");
        Trainer.SeedEverything(config.Trainer.Seed);
        var model = task.Build(options);
        if (config.Trainer.InitFrom is { } init)
            log.WriteLine($"{task.Name}: initialised from {init}: {Checkpoint.InitializeFrom(init, model.Module).Summary()}");
        using var data = task.LoadData(dataPath, config, log);
        var frontEnd = (task as IRecordsFrontEnd)?.FrontEnd(dataPath, config);
        var optimizers = config.ResolveOptimizers(model.Optimizers);
        // config.yaml spells out every optimizer's settings, as it does every model option.
        config = config with { Optimizers = optimizers.ToDictionary(kv => kv.Key, kv => ConfigMap.From(kv.Value, $"optimizers.{kv.Key}"), StringComparer.Ordinal) };
        using (var trainer = new Trainer(model, config.Trainer, outDir, optimizers, log, warnings, progress, parallel))
        {
            if (overwrite && used.Count > 0)
                warnings?.WriteLine($"{outDir}: --overwrite deleted {string.Join(", ", ExperimentFolder.Clear(outDir, ExperimentFolder.ExperimentEntries))}");
            if (root) config = ExperimentConfig.Write(outDir, config);
            if (root) frontEnd?.Write(outDir);
            var result = trainer.Fit(data.Train, data.Valid, resume);
            log.WriteLine($"{task.Name}: trained {result.Steps} steps; " +
                          string.Join(", ", result.Train.Select(kv => FormattableString.Invariant($"{kv.Key}={kv.Value:G4}"))));
        }
        if (!root) return new Dictionary<string, double>();
        return Finish(new LoadedExperiment(task, config, model, outDir), data, log);
    }

    /// <summary>Loads the model of an experiment from a checkpoint (config.yaml is read from the experiment folder,
    /// with <paramref name="overrides"/> (--set) applied on top for this load only).</summary>
    public static LoadedExperiment Load(string checkpoint, IEnumerable<string>? overrides = null)
    {
        var (dir, configPath) = FolderOf(checkpoint);
        var config = ConfigLoader.Load(configPath, overrides ?? []);
        var task = ModelRegistry.Get(config.Model);
        var model = task.Build(task.ResolveOptions(config.ModelOptions));
        try
        {
            Checkpoint.LoadModel(checkpoint, model.Module);
        }
        catch
        {
            model.Module.Dispose();
            throw;
        }
        return new LoadedExperiment(task, config, model, dir);
    }

    /// <summary>The model name (`model:`) of the experiment a checkpoint belongs to, read from its config.yaml without building it.</summary>
    public static string ModelName(string checkpoint) => ConfigLoader.Load(FolderOf(checkpoint).ConfigPath, []).Model;

    /// <summary>The experiment folder of a checkpoint (EXP/checkpoints/NAME.ckpt) and its config.yaml, both checked to exist.</summary>
    static (string Dir, string ConfigPath) FolderOf(string checkpoint)
    {
        if (!File.Exists(checkpoint)) throw new FileNotFoundException($"checkpoint '{checkpoint}' does not exist", checkpoint);
        string dir = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(checkpoint))!)!;
        string configPath = Path.Combine(dir, ExperimentConfig.FileName);
        if (!File.Exists(configPath))
            throw new FileNotFoundException($"'{configPath}' is missing: a checkpoint is read with the config.yaml of its experiment folder", configPath);
        return (dir, configPath);
    }

    /// <summary>Evaluates a loaded experiment on the data at <paramref name="dataPath"/>, writes metrics.json and pictures.</summary>
    /// <param name="warnings">Where a front end that cannot be checked is reported (default: <paramref name="log"/>).</param>
    /// <param name="anyFrontEnd">Evaluate on features of another front end than the model's, with a warning, instead of refusing them.</param>
    /// <exception cref="InvalidDataException">The data's features were made with another front end (<see cref="EvaluationFrontEnd"/>).</exception>
    public static IReadOnlyDictionary<string, double> Evaluate(LoadedExperiment experiment, string dataPath, TextWriter log,
        TextWriter? warnings = null, bool anyFrontEnd = false)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        EvaluationFrontEnd.Check(experiment, dataPath, warnings ?? log, anyFrontEnd);
        using var data = experiment.Task.LoadData(dataPath, experiment.Config, log);
        return Finish(experiment, data, log);
    }

    static IReadOnlyDictionary<string, double> Finish(LoadedExperiment e, TaskData data, TextWriter log)
    {
        e.Model.Module.eval();
        var metrics = e.Task.Evaluate(e.Model, data, e.Config, log);
        WriteMetrics(Path.Combine(e.Directory, "metrics.json"), metrics);
        foreach (var (k, v) in metrics) log.WriteLine(FormattableString.Invariant($"{e.Task.Name}: {k} = {v:G6}"));
        foreach (var path in e.Task.Draw(e.Model, data, Path.Combine(e.Directory, "plots"))) log.WriteLine($"{e.Task.Name}: wrote {path}");
        return metrics;
    }

    /// <summary>Reads EXP/metrics.json (a flat JSON object of numbers), with errors that name the file.</summary>
    public static Dictionary<string, double> ReadMetrics(string experimentDir)
    {
        string path = Path.Combine(experimentDir, "metrics.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"'{path}' does not exist (train or eval the experiment first)", path);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number)
                .ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: not a JSON object of metrics ({e.Message})", e);
        }
    }

    /// <summary>Writes metrics as a flat JSON object, atomically.</summary>
    public static void WriteMetrics(string path, IReadOnlyDictionary<string, double> metrics) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(metrics, new JsonSerializerOptions { WriteIndented = true }) + "\n");
}
