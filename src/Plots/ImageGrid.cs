using SkiaSharp;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Plots;

/// <summary>Options for <see cref="ImageGrid"/>.</summary>
public sealed record ImageGridOptions : IValidatable
{
    /// <summary>Images per row; 0 picks ⌈N / rows⌉ when <see cref="RowLabels"/> is set, else ⌈√N⌉.</summary>
    public int Columns { get; init; }
    /// <summary>Screen pixels per image pixel (nearest-neighbour enlargement).</summary>
    public int Scale { get; init; } = 3;
    /// <summary>Pixels between images.</summary>
    public int Padding { get; init; } = 2;
    /// <summary>Value shown as black (0 for [0,1] images; −1 for tanh outputs).</summary>
    public float ValueMin { get; init; }
    /// <summary>Value shown as white.</summary>
    public float ValueMax { get; init; } = 1;
    /// <summary>One label per grid row, drawn at its left (e.g. "real", "recon", or a latent code's name).</summary>
    public IReadOnlyList<string>? RowLabels { get; init; }
    /// <summary>Title above the grid; null for none.</summary>
    public string? Title { get; init; }

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (Columns < 0) errors.Add($"Columns {Columns} must be ≥ 0");
        if (Scale is < 1 or > 64) errors.Add($"Scale {Scale} must be in [1, 64]");
        if (Padding is < 0 or > 100) errors.Add($"Padding {Padding} must be in [0, 100]");
        if (!(ValueMax > ValueMin)) errors.Add($"ValueMax {ValueMax} must exceed ValueMin {ValueMin}");
        if (RowLabels is { Count: 0 }) errors.Add("RowLabels, when given, must not be empty");
        return errors;
    }
}

/// <summary>
/// A grid of small images (GAN samples, latent traversals, reconstructions beside originals), enlarged with crisp
/// pixels. Input is NCHW like a TorchSharp batch: N images of C (1 = gray, 3 = RGB) channels of H × W values.
/// </summary>
public static class ImageGrid
{
    /// <summary>Renders the batch <paramref name="nchw"/> (length N·C·H·W) to PNG bytes.</summary>
    public static byte[] RenderPng(ReadOnlySpan<float> nchw, int count, int channels, int height, int width,
        ImageGridOptions? options = null)
    {
        options ??= new ImageGridOptions();
        options.Validate();
        if (count < 1 || height < 1 || width < 1) throw new ArgumentException($"need ≥ 1 image of ≥ 1x1 pixels, got {count} of {height}x{width}");
        if (channels is not (1 or 3)) throw new ArgumentException($"channels must be 1 (gray) or 3 (RGB), got {channels}");
        long expected = (long)count * channels * height * width;
        if (nchw.Length != expected)
            throw new ArgumentException($"{count}x{channels}x{height}x{width} needs {expected} values, got {nchw.Length}");

        int rowsWanted = options.RowLabels?.Count ?? 0;
        int cols = options.Columns > 0 ? options.Columns
            : rowsWanted > 0 ? (count + rowsWanted - 1) / rowsWanted
            : (int)Math.Ceiling(Math.Sqrt(count));
        int rows = (count + cols - 1) / cols;
        if (options.RowLabels is not null && options.RowLabels.Count != rows)
            throw new ArgumentException($"{options.RowLabels.Count} row labels given but the grid has {rows} rows "
                + $"({count} images, {cols} per row)");

        int cellW = width * options.Scale, cellH = height * options.Scale, pad = options.Padding;
        float labelWidth = options.RowLabels is null ? 0 : options.RowLabels.Max(l => Painter.Width(l, Painter.LabelFont)) + 12;
        int top = options.Title is null ? 0 : 30;
        int imageW = (int)Math.Ceiling(labelWidth) + pad + (cols * (cellW + pad));
        int imageH = top + pad + (rows * (cellH + pad));
        if (options.Title is not null) imageW = Math.Max(imageW, (int)Painter.Width(options.Title, Painter.TitleFont) + 20);

        float[] values = nchw.ToArray();
        return Painter.RenderPng(imageW, imageH, canvas =>
        {
            canvas.Clear(new SKColor(0xF2, 0xF2, 0xF2));
            for (int n = 0; n < count; n++)
            {
                int r = n / cols, c = n % cols;
                float x = labelWidth + pad + (c * (cellW + pad)), y = top + pad + (r * (cellH + pad));
                using var image = Tile(values, n, channels, height, width, options.ValueMin, options.ValueMax);
                canvas.DrawImage(image, new SKRect(x, y, x + cellW, y + cellH), new SKSamplingOptions(SKFilterMode.Nearest));
            }
            if (options.RowLabels is not null)
                for (int r = 0; r < rows; r++)
                    Painter.Text(canvas, options.RowLabels[r], labelWidth - 6, top + pad + (r * (cellH + pad)) + (cellH / 2f) + 5,
                        Painter.LabelFont, SKTextAlign.Right);
            if (options.Title is not null) Painter.Text(canvas, options.Title, imageW / 2f, 21, Painter.TitleFont, SKTextAlign.Center);
        });
    }

    /// <summary>Renders and saves atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, ReadOnlySpan<float> nchw, int count, int channels, int height, int width,
        ImageGridOptions? options = null) =>
        PlotFile.Save(path, RenderPng(nchw, count, channels, height, width, options));

    static SKImage Tile(float[] v, int n, int channels, int h, int w, float lo, float hi)
    {
        var rgba = new byte[h * w * 4];
        int plane = h * w, start = n * channels * plane;
        for (int p = 0; p < plane; p++)
        {
            byte r = ToByte(v[start + p], lo, hi);
            byte g = channels == 3 ? ToByte(v[start + plane + p], lo, hi) : r;
            byte b = channels == 3 ? ToByte(v[start + (2 * plane) + p], lo, hi) : r;
            (rgba[p * 4], rgba[(p * 4) + 1], rgba[(p * 4) + 2], rgba[(p * 4) + 3]) = (r, g, b, 255);
        }
        return Painter.ImageFromRgba(rgba, w, h);
    }

    static byte ToByte(float value, float lo, float hi) =>
        float.IsNaN(value) ? (byte)0 : (byte)Math.Round(Math.Clamp((value - lo) / (hi - lo), 0, 1) * 255);
}
