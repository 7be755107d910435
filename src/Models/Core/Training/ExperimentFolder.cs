namespace SpeechDisentangle.Models.Core.Training;

/// <summary>
/// What a run leaves in an experiment folder, so that a new run can tell a used folder from a fresh one and
/// <c>--overwrite</c> can clear exactly the old run's files (anything else in the folder stays).
/// </summary>
public static class ExperimentFolder
{
    /// <summary>Written by the <see cref="Trainer"/>: checkpoints, metrics.jsonl/csv and TensorBoard events.</summary>
    public static readonly IReadOnlyList<string> TrainerEntries = ["checkpoints", "tensorboard", "metrics.jsonl", "metrics.csv"];

    /// <summary>Written by `sdt train` around the trainer: the resolved config, a speech model's front end, the final metrics and the pictures.</summary>
    public static readonly IReadOnlyList<string> ExperimentEntries = [.. TrainerEntries, "config.yaml", "front_end.txt", "metrics.json", "plots"];

    /// <summary>Those of <paramref name="entries"/> present in <paramref name="dir"/> (empty folders do not count).</summary>
    public static IReadOnlyList<string> Present(string dir, IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return [.. entries.Where(e => File.Exists(Path.Combine(dir, e)) || NonEmptyDirectory(Path.Combine(dir, e)))];
    }

    /// <summary>Deletes <paramref name="entries"/> from <paramref name="dir"/>; returns those it deleted.</summary>
    public static IReadOnlyList<string> Clear(string dir, IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var deleted = new List<string>();
        foreach (string e in entries)
        {
            string path = Path.Combine(dir, e);
            if (File.Exists(path)) File.Delete(path);
            else if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else continue;
            deleted.Add(e);
        }
        return deleted;
    }

    static bool NonEmptyDirectory(string path) => Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any();
}
