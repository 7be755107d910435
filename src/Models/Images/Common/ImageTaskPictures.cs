using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.Common;

/// <summary>The pictures the image tasks share: a grid of samples and test images beside their reconstructions.</summary>
public static class ImageTaskPictures
{
    /// <summary>Saves images [rows * columns, 1, H, W] in [-1, 1] as one grid, row by row.</summary>
    public static string SaveGrid(string path, Tensor images, int columns, string title, IReadOnlyList<string>? rowLabels = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (columns < 1 || images.shape[0] % columns != 0)
            throw new ArgumentException($"{images.shape[0]} images do not fill rows of {columns} columns");
        var grid = ImageGridData.FromImages(images, (int)(images.shape[0] / columns), columns);
        ImageGridPictures.Save(path, grid, title, rowLabels);
        return path;
    }

    /// <summary>
    /// Saves <paramref name="originals"/> and <paramref name="reconstructions"/> (same shape, [pairs * columns, ...])
    /// as alternating rows: originals, then their reconstructions beneath.
    /// </summary>
    public static string SaveReconstructions(string path, Tensor originals, Tensor reconstructions, int columns, string title)
    {
        ArgumentNullException.ThrowIfNull(originals);
        ArgumentNullException.ThrowIfNull(reconstructions);
        using var scope = NewDisposeScope();
        long pairs = originals.shape[0] / columns;
        var rows = new List<Tensor>();
        var labels = new List<string>();
        for (long r = 0; r < pairs; r++)
        {
            rows.Add(originals.narrow(0, r * columns, columns).cpu());
            rows.Add(reconstructions.narrow(0, r * columns, columns).cpu());
            labels.Add("test");
            labels.Add("recon");
        }
        return SaveGrid(path, cat(rows, 0), columns, title, labels);
    }
}
