namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// One domain's images as network input: <see cref="Count"/> images of float32 [3, S, S] in [0, 1], row-major in
/// <see cref="Pixels"/>, with labels (indices into <see cref="ClassNames"/>) when the set is labelled.
/// </summary>
/// <param name="Key">The config key the set was named by (for messages).</param>
/// <param name="Path">Where it was read from.</param>
/// <param name="Sizes">The distinct sizes (width x height) the images had before resizing.</param>
/// <param name="Skipped">Unreadable image files left out (only with data.skip_unreadable).</param>
sealed record ImageSet(string Key, string Path, int Count, float[] Pixels, int[]? Labels, IReadOnlyList<string> ClassNames,
    IReadOnlyList<(int Width, int Height)> Sizes, IReadOnlyList<string> Skipped)
{
    /// <summary>One line for the training log: counts, classes, sizes and skipped files.</summary>
    public string Summary(int size)
    {
        string classes = Labels is null ? "" : $", {ClassNames.Count} classes ({string.Join(", ", ClassNames.Take(12))}{(ClassNames.Count > 12 ? ", ..." : "")})";
        string sizes = string.Join(", ", Sizes.Take(4).Select(s => $"{s.Width}x{s.Height}")) + (Sizes.Count > 4 ? ", ..." : "");
        string resized = Sizes.All(s => s.Width == size && s.Height == size) ? $"all {size}x{size}" : $"{Sizes.Count} size(s) ({sizes}) resized to {size}x{size}";
        string skipped = Skipped.Count == 0 ? "" : $"; skipped {Skipped.Count} unreadable: {string.Join(", ", Skipped.Take(3))}{(Skipped.Count > 3 ? ", ..." : "")}";
        return $"{Key} '{Path}': {Count} images{classes}, {resized}{skipped}";
    }
}
