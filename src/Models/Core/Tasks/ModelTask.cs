using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Tasks;

/// <summary>The data of one run: batches for training (and validation), and whatever the metrics read.</summary>
public sealed class TaskData(IBatchSource train, IBatchSource? valid, IReadOnlyDictionary<string, Tensor> tensors) : IDisposable
{
    public IBatchSource Train { get; } = train;
    public IBatchSource? Valid { get; } = valid;

    /// <summary>Named tensors the task's metrics and pictures use (e.g. "test_x", "test_y"), on the CPU.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; } = tensors;

    public Tensor Get(string key) => Tensors.TryGetValue(key, out var t) ? t
        : throw new KeyNotFoundException($"task data has no '{key}' (has: {string.Join(", ", Tensors.Keys)})");

    public void Dispose()
    {
        (Train as IDisposable)?.Dispose();
        (Valid as IDisposable)?.Dispose();
        foreach (var t in Tensors.Values) t.Dispose();
    }
}

/// <summary>
/// Everything the CLI needs to train, evaluate and draw one kind of model, so that `sdt train NAME` works for every
/// model through the one shared Trainer. A task builds its model from `model_options`, loads its data from a path
/// and `data:` options, computes its metrics and draws its pictures. It owns no training loop.
/// </summary>
public abstract class ModelTask
{
    public abstract string Name { get; }
    public abstract string Description { get; }

    /// <summary>
    /// The config completed from the training data before its options are resolved (e.g. class counts the config
    /// leaves unset); by default the config as given. Called by training only: a trained model's config.yaml then
    /// holds the completed values.
    /// </summary>
    public virtual RunConfig CompleteFromData(RunConfig config, string dataPath) => config;

    /// <summary>The model options with defaults filled in and validated (what is written to config.yaml).</summary>
    public abstract object ResolveOptions(ConfigMap modelOptions);

    /// <summary>Builds the model and its objective from resolved options.</summary>
    public abstract ITrainable Build(object options);

    /// <summary>Loads the data found at <paramref name="dataPath"/>.</summary>
    public abstract TaskData LoadData(string dataPath, RunConfig config);

    /// <summary>
    /// Loads the data as <see cref="LoadData(string, RunConfig)"/> does, saying on <paramref name="log"/> what took
    /// time (a cache built or reused). Only a task with something to say overrides it; training and evaluation call this one.
    /// </summary>
    public virtual TaskData LoadData(string dataPath, RunConfig config, TextWriter log) => LoadData(dataPath, config);

    /// <summary>The model's metrics (accuracy, distances, ...) on held-out data, under no_grad.</summary>
    public abstract IReadOnlyDictionary<string, double> Evaluate(ITrainable model, TaskData data, RunConfig config, TextWriter log);

    /// <summary>Writes the model's pictures into <paramref name="outDir"/>; returns their paths.</summary>
    public virtual IReadOnlyList<string> Draw(ITrainable model, TaskData data, string outDir) => [];
}

/// <summary>A task whose model options are the record <typeparamref name="TOptions"/>.</summary>
public abstract class ModelTask<TOptions, TModel> : ModelTask
    where TOptions : class, IValidatable, new()
    where TModel : ITrainable
{
    /// <summary>Binds and validates the options; every problem is reported at once, with the key's file and line.</summary>
    public sealed override object ResolveOptions(ConfigMap modelOptions)
    {
        ArgumentNullException.ThrowIfNull(modelOptions);
        var options = modelOptions.Bind<TOptions>();
        var errors = options.Errors();
        if (errors.Count > 0) throw ConfigException.From([.. errors.Select(e => Locate(modelOptions, e))]);
        return options;
    }

    /// <summary>"file:line: model_options.KEY ..." for an error that starts with its key, as every options error does.</summary>
    static string Locate(ConfigMap section, string error)
    {
        string path = section.Path.Length == 0 ? error : $"{section.Path}.{error}";
        string key = path.Split(' ')[0].Split('[')[0].TrimEnd(':', ',');
        return $"{section.Locations.Describe(key)}: {path}";
    }

    public sealed override ITrainable Build(object options) => Create((TOptions)options);

    public sealed override IReadOnlyDictionary<string, double> Evaluate(ITrainable model, TaskData data, RunConfig config, TextWriter log) =>
        Evaluate((TModel)model, data, config, log);

    public sealed override IReadOnlyList<string> Draw(ITrainable model, TaskData data, string outDir) =>
        Draw((TModel)model, data, outDir);

    protected abstract TModel Create(TOptions options);
    protected abstract IReadOnlyDictionary<string, double> Evaluate(TModel model, TaskData data, RunConfig config, TextWriter log);
    protected virtual IReadOnlyList<string> Draw(TModel model, TaskData data, string outDir) => [];
}
