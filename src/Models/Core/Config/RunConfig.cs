using SpeechDisentangle.Models.Core.Training;

namespace SpeechDisentangle.Models.Core.Config;

/// <summary>
/// One run's configuration, as in conf/*.yaml:
/// <code>
/// model: infogan
/// model_options: {...}          # bound later by the model registry (ConfigMap.Bind&lt;TOptions&gt;)
/// trainer: {max_steps: 2000, ...}  # TrainerOptions
/// optimizers: {generator: {learning_rate: 2e-4}, ...}  # per optimizer name: the settings to change
/// data: {...}                   # bound later by the data stage
/// run: {seed: 0, git_commit: ...}  # written into the experiment folder; ignored when read back
/// </code>
/// </summary>
public sealed record RunConfig
{
    public string Model { get; init; } = "";
    public ConfigMap ModelOptions { get; init; } = ConfigMap.Empty;
    public TrainerOptions Trainer { get; init; } = new();

    /// <summary>
    /// Per optimizer name (a turn's name), the settings to change; keys not given keep the model's own values. The one
    /// place for optimizer settings: model options no longer hold any.
    /// </summary>
    public IReadOnlyDictionary<string, ConfigMap> Optimizers { get; init; } = new Dictionary<string, ConfigMap>();

    public ConfigMap Data { get; init; } = ConfigMap.Empty;

    /// <summary>Provenance, filled in when the config is written into an experiment folder.</summary>
    public RunInfo? Run { get; init; }

    /// <summary>
    /// The full settings of each optimizer the model declares, with this config's changes applied on top of the
    /// model's defaults; pass the result to the <see cref="Training.Trainer"/>. A name the model lacks is an error.
    /// </summary>
    public Dictionary<string, OptimizerSettings> ResolveOptimizers(IEnumerable<OptimizerSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var byName = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var errors = Optimizers.Keys.Where(k => !byName.ContainsKey(k))
            .Select(k => $"{Optimizers[k].Path}: the model '{Model}' has no optimizer '{k}' (has: {string.Join(", ", byName.Keys)})").ToList();
        if (errors.Count > 0) throw ConfigException.From(errors);
        var result = new Dictionary<string, OptimizerSettings>(StringComparer.Ordinal);
        foreach (var (name, spec) in byName)
        {
            if (!Optimizers.TryGetValue(name, out var changes)) { result[name] = spec.Settings; continue; }
            var merged = ConfigBinder.ToTree(spec.Settings);
            foreach (var (k, v) in changes.Values) merged[k] = v;
            result[name] = new ConfigMap(merged, changes.Path, changes.Locations).Bind<OptimizerSettings>();
        }
        return result;
    }
}

/// <summary>Where a run came from: its seed, the code's git commit and when it started.</summary>
public sealed record RunInfo
{
    public long Seed { get; init; }
    public string GitCommit { get; init; } = "unknown";
    public string CreatedUtc { get; init; } = "";
}
