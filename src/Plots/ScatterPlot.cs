using SkiaSharp;

namespace SpeechDisentangle.Plots;

/// <summary>Options for <see cref="ScatterPlot"/>.</summary>
public sealed record ScatterPlotOptions
{
    /// <summary>Title above the plot; null for none.</summary>
    public string? Title { get; init; }
    /// <summary>Horizontal axis label.</summary>
    public string? XLabel { get; init; }
    /// <summary>Vertical axis label.</summary>
    public string? YLabel { get; init; }
    /// <summary>Legend text per label value; labels without an entry show as their number.</summary>
    public IReadOnlyDictionary<int, string>? LabelNames { get; init; }
    /// <summary>Point radius in pixels.</summary>
    public float PointRadius { get; init; } = 3.5f;
    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 760;
    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 600;

    /// <summary>Throws ArgumentException listing every invalid option.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (!(PointRadius is > 0 and <= 50)) errors.Add($"PointRadius {PointRadius} must be in (0, 50]");
        PlotOptionErrors.Size(errors, Width, Height, 300, 200);
        PlotOptionErrors.ThrowIfAny(nameof(ScatterPlotOptions), errors);
    }
}

/// <summary>2-D points coloured by integer class (embeddings after PCA/t-SNE), with a legend and axis ticks.</summary>
public static class ScatterPlot
{
    /// <summary>Renders points (<paramref name="x"/>[i], <paramref name="y"/>[i]) of class <paramref name="labels"/>[i].
    /// Classes get colours in ascending label order; non-finite points are skipped.</summary>
    public static byte[] RenderPng(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<int> labels,
        ScatterPlotOptions? options = null)
    {
        options ??= new ScatterPlotOptions();
        options.Validate();
        if (x.Length != y.Length || x.Length != labels.Length)
            throw new ArgumentException($"x, y and labels must have equal lengths (got {x.Length}, {y.Length}, {labels.Length})");
        float[] xs = x.ToArray(), ys = y.ToArray();
        int[] ls = labels.ToArray();
        int[] classes = [.. ls.Distinct().Order()];
        var colorOf = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => CategoricalPalette.Color(p.i));
        var names = classes.Select(c => options.LabelNames?.GetValueOrDefault(c) ?? c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var (xMin, xMax) = PaddedRange(xs);
        var (yMin, yMax) = PaddedRange(ys);

        return Painter.RenderPng(options.Width, options.Height, canvas =>
        {
            float legendWidth = classes.Length == 0 ? 0 : names.Max(n => Painter.Width(n, Painter.LabelFont)) + 40;
            float top = options.Title is null ? 15 : 40;
            var area = new SKRect(75, top, options.Width - 20 - legendWidth, options.Height - 55);
            var axes = new Axes(area, xMin, xMax, yMin, yMax);
            axes.Draw(canvas, options.XLabel, options.YLabel, grid: true);
            canvas.Save();
            canvas.ClipRect(area);
            for (int i = 0; i < xs.Length; i++)
            {
                if (!float.IsFinite(xs[i]) || !float.IsFinite(ys[i])) continue;
                using var fill = Painter.Fill(colorOf[ls[i]].WithAlpha(215));
                canvas.DrawCircle(axes.X(xs[i]), axes.Y(ys[i]), options.PointRadius, fill);
            }
            canvas.Restore();
            for (int k = 0; k < classes.Length; k++)
            {
                float ly = area.Top + 12 + (k * 20);
                using var fill = Painter.Fill(colorOf[classes[k]]);
                canvas.DrawCircle(area.Right + 20, ly, 5, fill);
                Painter.Text(canvas, names[k], area.Right + 31, ly + 5, Painter.LabelFont);
            }
            if (options.Title is not null) Painter.Text(canvas, options.Title, area.MidX, 26, Painter.TitleFont, SKTextAlign.Center);
        });
    }

    /// <summary>Renders and saves atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<int> labels,
        ScatterPlotOptions? options = null) =>
        PlotFile.Save(path, RenderPng(x, y, labels, options));

    static (double, double) PaddedRange(float[] v)
    {
        var finite = v.Where(float.IsFinite).ToArray();
        if (finite.Length == 0) return (0, 1);
        double lo = finite.Min(), hi = finite.Max();
        if (hi - lo < 1e-12) return (lo - 1, hi + 1);
        double pad = (hi - lo) * 0.05;
        return (lo - pad, hi + pad);
    }
}
