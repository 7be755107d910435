using System.Globalization;
using ScottPlot;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Plots;

/// <summary>Options for <see cref="LinePlot"/>.</summary>
public sealed record LinePlotOptions : IValidatable
{
    /// <summary>Title above the plot; null for none.</summary>
    public string? Title { get; init; }
    /// <summary>Horizontal axis label.</summary>
    public string? XLabel { get; init; } = "step";
    /// <summary>Vertical axis label.</summary>
    public string? YLabel { get; init; }
    /// <summary>Log-10 y axis (values ≤ 0 are skipped).</summary>
    public bool LogY { get; init; }
    /// <summary>Line width in pixels.</summary>
    public float LineWidth { get; init; } = 2;
    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 800;
    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 480;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!(LineWidth is > 0 and <= 20)) errors.Add($"LineWidth {LineWidth} must be in (0, 20]");
        PlotOptionErrors.Size(errors, Width, Height, 300, 200);
        return errors;
    }
}

/// <summary>One or more named series on shared axes (training curves), with a legend in the top-right corner.</summary>
public static class LinePlot
{
    /// <summary>Renders the series to PNG bytes; series get colours in the order given.</summary>
    public static byte[] RenderPng(IReadOnlyList<LineSeries> series, LinePlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        options ??= new LinePlotOptions();
        options.Validate();
        if (series.Count == 0) throw new ArgumentException("no series to plot");
        foreach (var s in series)
            if (s.X.Count != s.Y.Count) throw new ArgumentException($"series '{s.Name}' has {s.X.Count} x values but {s.Y.Count} y values");
        bool Usable(double xv, double yv) => double.IsFinite(xv) && double.IsFinite(yv) && (!options.LogY || yv > 0);
        // A log axis is drawn as a linear one over log10(y); an unusable point becomes NaN, which leaves a gap.
        double Plotted(double xv, double yv) => !Usable(xv, yv) ? double.NaN : options.LogY ? Math.Log10(yv) : yv;
        var points = series.SelectMany(s => s.X.Zip(s.Y)).Where(p => Usable(p.First, p.Second)).ToList();
        var (xMin, xMax) = Range(points.Select(p => p.First), pad: 0.02);
        var (yMin, yMax) = Range(points.Select(p => Plotted(p.First, p.Second)), pad: 0.05);

        var plot = PlotStyle.Create(options.Title, options.XLabel, options.YLabel, left: 80, right: 25, bottom: 55);
        for (int k = 0; k < series.Count; k++)
        {
            var s = series[k];
            var line = plot.Add.Scatter(s.X.ToArray(), s.X.Zip(s.Y, Plotted).ToArray());
            line.Color = PlotStyle.ToScott(CategoricalPalette.Color(k));
            line.LineWidth = options.LineWidth;
            line.LegendText = s.Name;
            // Few points: mark them, so single points (and isolated ones between gaps) are visible.
            line.MarkerSize = s.X.Zip(s.Y).Count(p => Usable(p.First, p.Second)) > 40 ? 0 : 2 * (options.LineWidth + 1.5f);
        }
        if (options.LogY) plot.Axes.Left.TickGenerator = LogTicks(yMax - yMin);
        PlotStyle.Legend(plot, Alignment.UpperRight);
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        return PlotStyle.Png(plot, options.Width, options.Height);
    }

    /// <summary>Renders and saves atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, IReadOnlyList<LineSeries> series, LinePlotOptions? options = null) =>
        PlotFile.Save(path, RenderPng(series, options));

    // Ticks on log10(y) labelled with y itself: at whole decades when the axis spans one or more.
    static ScottPlot.TickGenerators.NumericAutomatic LogTicks(double decades) => new()
    {
        IntegerTicksOnly = decades >= 1,
        TickDensity = PlotStyle.TickDensity,
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        LabelFormatter = v => Math.Pow(10, v).ToString("G3", CultureInfo.InvariantCulture),
    };

    static (double, double) Range(IEnumerable<double> values, double pad)
    {
        var v = values.ToList();
        if (v.Count == 0) return (0, 1);
        double lo = v.Min(), hi = v.Max();
        if (hi - lo < 1e-12) return (lo - 1, hi + 1);
        double margin = (hi - lo) * pad;
        return (lo - margin, hi + margin);
    }
}
