namespace SpeechDisentangle.Models.Core.Training;

/// <summary>A checkpoint that passed <see cref="Checkpoint.Verify"/>, with the counters it holds.</summary>
public sealed record VerifiedCheckpoint(string Path, TrainerState State);

/// <summary>A checkpoint file that failed verification, and why.</summary>
public sealed record RejectedCheckpoint(string Path, string Reason);

/// <summary>What <see cref="CheckpointFolder.Survey"/> found: the newest checkpoint that verifies (or none) and the files that do not.</summary>
public sealed record CheckpointSurvey(VerifiedCheckpoint? Newest, IReadOnlyList<RejectedCheckpoint> Rejected);

/// <summary>
/// The trainer's checkpoints under EXP/checkpoints: last.ckpt (the latest), prev.ckpt (the one before it: a new
/// last.ckpt renames the old one to prev.ckpt once the new file is complete) and best.ckpt (the best metric so far).
/// Each is a full training state, so any of them can be resumed from.
/// </summary>
public sealed class CheckpointFolder(string experimentDir)
{
    /// <summary>The name a failed checkpoint is renamed to (NAME.ckpt.unverified), out of the trainer's way.</summary>
    public const string SetAsideSuffix = ".unverified";

    public string Last { get; } = Path.Combine(experimentDir, "checkpoints", "last.ckpt");
    public string Previous { get; } = Path.Combine(experimentDir, "checkpoints", "prev.ckpt");
    public string Best { get; } = Path.Combine(experimentDir, "checkpoints", "best.ckpt");

    /// <summary>Verifies every checkpoint present; the newest is the one of the highest step (last, prev, best on a tie).</summary>
    public CheckpointSurvey Survey()
    {
        var verified = new List<VerifiedCheckpoint>();
        var rejected = new List<RejectedCheckpoint>();
        foreach (string path in new[] { Last, Previous, Best }.Where(File.Exists))
        {
            try { verified.Add(new VerifiedCheckpoint(path, Checkpoint.Verify(path))); }
            catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException)
            {
                rejected.Add(new RejectedCheckpoint(path, e.Message));
            }
        }
        // MaxBy keeps the first of equal steps, i.e. the order above.
        return new CheckpointSurvey(verified.MaxBy(c => c.State.Step), rejected);
    }

    /// <summary>
    /// Renames a failed checkpoint to NAME.ckpt.unverified: kept for a look, but never rotated into prev.ckpt or
    /// resumed from. Returns the new path.
    /// </summary>
    public static string SetAside(string path)
    {
        string aside = path + SetAsideSuffix;
        File.Move(path, aside, overwrite: true);
        return aside;
    }
}
