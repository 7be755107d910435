using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.Common;

/// <summary>
/// A grid of single-channel images ready for plotting. <see cref="Pixels"/> is row-major over
/// (row, column, y, x): index = ((row * Columns + column) * Height + y) * Width + x, values in [0, 1] (white = 1).
/// </summary>
public sealed record ImageGridData(float[] Pixels, int Rows, int Columns, int Height, int Width)
{
    /// <summary>The pixel at grid cell (row, column), image coordinates (y, x).</summary>
    public float At(int row, int column, int y, int x) => Pixels[((((row * Columns) + column) * Height) + y) * Width + x];

    /// <summary>
    /// Builds a grid from images [Rows * Columns, 1, H, W] in [-1, 1], ordered row by row.
    /// </summary>
    public static ImageGridData FromImages(Tensor images, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[1] != 1 || images.shape[0] != (long)rows * columns)
            throw new ArgumentException($"expected images [{rows * columns}, 1, H, W] (got [{string.Join(", ", images.shape)}])");
        using var unit = ((images.detach().cpu().to_type(ScalarType.Float32) + 1) / 2).clamp(0, 1).contiguous();
        return new ImageGridData(unit.data<float>().ToArray(), rows, columns, (int)images.shape[2], (int)images.shape[3]);
    }
}
