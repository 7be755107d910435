using ScottPlot;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Plots;

/// <summary>Options for <see cref="ScatterPlot"/>.</summary>
public sealed record ScatterPlotOptions : IValidatable
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

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!(PointRadius is > 0 and <= 50)) errors.Add($"PointRadius {PointRadius} must be in (0, 50]");
        PlotOptionErrors.Size(errors, Width, Height, 300, 200);
        return errors;
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
        var names = classes.Select(c => options.LabelNames?.GetValueOrDefault(c) ?? c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        // The legend sits right of the data area, in a margin as wide as its longest name plus marker and padding.
        float legendWidth = classes.Length == 0 ? 0 : names.Max(n => Painter.Width(n, Painter.LabelFont)) + 60;
        var plot = PlotStyle.Create(options.Title, options.XLabel, options.YLabel, left: 75, right: 20 + legendWidth, bottom: 55);
        for (int k = 0; k < classes.Length; k++)
        {
            var members = Enumerable.Range(0, xs.Length).Where(i => ls[i] == classes[k] && float.IsFinite(xs[i]) && float.IsFinite(ys[i])).ToArray();
            var points = plot.Add.ScatterPoints(members.Select(i => (double)xs[i]).ToArray(), members.Select(i => (double)ys[i]).ToArray());
            points.Color = PlotStyle.ToScott(CategoricalPalette.Color(k).WithAlpha(215));
            points.MarkerSize = 2 * options.PointRadius;
            points.LegendText = names[k];
        }
        if (classes.Length > 0)
        {
            PlotStyle.Legend(plot, Alignment.UpperLeft);
            plot.ShowLegend(Edge.Right);
        }
        var (xMin, xMax) = PaddedRange(xs);
        var (yMin, yMax) = PaddedRange(ys);
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        return PlotStyle.Png(plot, options.Width, options.Height);
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
