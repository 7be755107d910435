namespace SpeechDisentangle.Models.Core.Training;

/// <summary>What <see cref="Checkpoint.InitializeFrom"/> did: tensors copied, left as built, and ignored.</summary>
/// <param name="Copied">The module's tensors that now hold the checkpoint's values.</param>
/// <param name="Kept">The module's tensors the checkpoint lacks (they keep their fresh initialisation).</param>
/// <param name="Ignored">The checkpoint's tensors the module lacks.</param>
/// <param name="Source">What kind of file it was, when the log should say so (a PyTorch file has no checksum).</param>
public sealed record WeightInitReport(IReadOnlyList<string> Copied, IReadOnlyList<string> Kept, IReadOnlyList<string> Ignored, string? Source = null)
{
    /// <summary>One line for the run log, naming a few of the kept and ignored tensors.</summary>
    public string Summary() =>
        (Source is null ? "" : Source + ": ") +
        $"copied {Copied.Count} tensors; kept {Kept.Count} as built{Examples(Kept)}; ignored {Ignored.Count} of the file{Examples(Ignored)}";

    static string Examples(IReadOnlyList<string> names) =>
        names.Count == 0 ? "" : " (" + string.Join(", ", names.Take(3)) + (names.Count > 3 ? ", ..." : "") + ")";
}
