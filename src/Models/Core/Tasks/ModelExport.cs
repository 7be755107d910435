using System.Text.Json;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Training;

namespace SpeechDisentangle.Models.Core.Tasks;

/// <summary>What <see cref="ModelExport.Export"/> wrote.</summary>
public sealed record ExportedModel(string StateDictPath, string ConfigPath, string Model, long Step, IReadOnlyList<StateDictEntry> Tensors);

/// <summary>
/// `sdt export`: a trained model's weights as a PyTorch state_dict (<see cref="PyTorchStateDict"/>), plus a JSON file
/// with the model's name and architecture options (model_options as config.yaml has them, defaults filled in) and
/// every tensor's name, shape and dtype, so a Python user can rebuild the module and load the weights.
/// </summary>
public static class ModelExport
{
    /// <summary>The value of the JSON file's "format" key; a change of its layout changes it.</summary>
    public const string Format = "sdt-export-1";

    /// <summary>The JSON file beside a state_dict: model.pt → model.json.</summary>
    public static string DefaultConfigPath(string stateDictPath) => Path.ChangeExtension(stateDictPath, ".json");

    /// <summary>Loads the checkpoint (verified) with its experiment's config.yaml and writes both files, each atomically.</summary>
    /// <param name="configPath">The JSON file; default <see cref="DefaultConfigPath"/>.</param>
    /// <param name="overwrite">Replace existing output files (otherwise an existing one is an error and nothing is written).</param>
    /// <exception cref="IOException">An output exists and <paramref name="overwrite"/> is false, or is a folder.</exception>
    public static ExportedModel Export(string checkpoint, string stateDictPath, string? configPath = null, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDictPath);
        configPath ??= DefaultConfigPath(stateDictPath);
        if (Path.GetFullPath(configPath) == Path.GetFullPath(stateDictPath))
            throw new ArgumentException($"--out-config '{configPath}' is the --out file itself; give the JSON file another name");
        CheckWritable(stateDictPath, "--out", overwrite);
        CheckWritable(configPath, "--out-config", overwrite);

        long step = Checkpoint.Verify(checkpoint).Step;
        var experiment = Experiment.Load(checkpoint);
        using var module = experiment.Model.Module;
        var options = ConfigBinder.ToTree(experiment.Task.ResolveOptions(experiment.Config.ModelOptions));
        var tensors = PyTorchStateDict.Write(stateDictPath, module);
        var description = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["format"] = Format,
            ["model"] = experiment.Task.Name,
            ["model_options"] = options,
            ["state_dict"] = Path.GetFileName(stateDictPath),
            ["checkpoint"] = Path.GetFullPath(checkpoint),
            ["step"] = step,
            ["tensors"] = tensors.Select(t => new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = t.Name, ["shape"] = t.Shape, ["dtype"] = t.DType,
            }).ToList(),
        };
        AtomicFile.WriteAllText(configPath, JsonSerializer.Serialize(description, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return new ExportedModel(stateDictPath, configPath, experiment.Task.Name, step, tensors);
    }

    static void CheckWritable(string path, string flag, bool overwrite)
    {
        if (Directory.Exists(path)) throw new IOException($"{flag} '{path}' is a folder; give a file name");
        if (File.Exists(path) && !overwrite) throw new IOException($"{flag} '{path}' already exists; pass --overwrite to replace it");
    }
}
