using SkiaSharp;

namespace SpeechDisentangle.Plots;

/// <summary>Options for <see cref="LinePlot"/>.</summary>
public sealed record LinePlotOptions
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

    /// <summary>Throws ArgumentException listing every invalid option.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (!(LineWidth is > 0 and <= 20)) errors.Add($"LineWidth {LineWidth} must be in (0, 20]");
        PlotOptionErrors.Size(errors, Width, Height, 300, 200);
        PlotOptionErrors.ThrowIfAny(nameof(LinePlotOptions), errors);
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
        var points = series.SelectMany(s => s.X.Zip(s.Y)).Where(p => Usable(p.First, p.Second)).ToList();
        var (xMin, xMax) = Range(points.Select(p => p.First), pad: 0.02, log: false);
        var (yMin, yMax) = Range(points.Select(p => p.Second), pad: 0.05, log: options.LogY);

        return Painter.RenderPng(options.Width, options.Height, canvas =>
        {
            float top = options.Title is null ? 15 : 40;
            var area = new SKRect(80, top, options.Width - 25, options.Height - 55);
            var axes = new Axes(area, xMin, xMax, yMin, yMax, options.LogY);
            axes.Draw(canvas, options.XLabel, options.YLabel, grid: true);
            canvas.Save();
            canvas.ClipRect(area);
            for (int k = 0; k < series.Count; k++) DrawSeries(canvas, axes, series[k], CategoricalPalette.Color(k), options, Usable);
            canvas.Restore();
            DrawLegend(canvas, area, series);
            if (options.Title is not null) Painter.Text(canvas, options.Title, area.MidX, 26, Painter.TitleFont, SKTextAlign.Center);
        });
    }

    /// <summary>Renders and saves atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, IReadOnlyList<LineSeries> series, LinePlotOptions? options = null) =>
        PlotFile.Save(path, RenderPng(series, options));

    static void DrawSeries(SKCanvas canvas, Axes axes, LineSeries s, SKColor color, LinePlotOptions o, Func<double, double, bool> usable)
    {
        using var path = new SKPath();
        bool penDown = false;
        int drawn = 0;
        for (int i = 0; i < s.X.Count; i++)
        {
            if (!usable(s.X[i], s.Y[i]))
            {
                penDown = false;
                continue;
            }
            float px = axes.X(s.X[i]), py = axes.Y(s.Y[i]);
            if (penDown) path.LineTo(px, py);
            else path.MoveTo(px, py);
            penDown = true;
            drawn++;
        }
        using var stroke = Painter.Stroke(color, o.LineWidth);
        stroke.StrokeJoin = SKStrokeJoin.Round;
        canvas.DrawPath(path, stroke);
        if (drawn > 40) return;
        // Few points: mark them, so single points (and isolated ones between gaps) are visible.
        using var fill = Painter.Fill(color);
        for (int i = 0; i < s.X.Count; i++)
            if (usable(s.X[i], s.Y[i])) canvas.DrawCircle(axes.X(s.X[i]), axes.Y(s.Y[i]), o.LineWidth + 1.5f, fill);
    }

    static void DrawLegend(SKCanvas canvas, SKRect area, IReadOnlyList<LineSeries> series)
    {
        float textWidth = series.Max(s => Painter.Width(s.Name, Painter.LabelFont));
        var box = new SKRect(area.Right - textWidth - 48, area.Top + 8, area.Right - 8, area.Top + 14 + (series.Count * 20));
        using (var bg = Painter.Fill(SKColors.White.WithAlpha(225))) canvas.DrawRect(box, bg);
        using (var border = Painter.Stroke(new SKColor(0xBB, 0xBB, 0xBB))) canvas.DrawRect(box, border);
        for (int k = 0; k < series.Count; k++)
        {
            float y = box.Top + 13 + (k * 20);
            using var stroke = Painter.Stroke(CategoricalPalette.Color(k), 3);
            canvas.DrawLine(box.Left + 8, y, box.Left + 30, y, stroke);
            Painter.Text(canvas, series[k].Name, box.Left + 36, y + 5, Painter.LabelFont);
        }
    }

    static (double, double) Range(IEnumerable<double> values, double pad, bool log)
    {
        var v = values.ToList();
        if (v.Count == 0) return log ? (0.1, 10) : (0, 1);
        double lo = v.Min(), hi = v.Max();
        if (log)
        {
            if (hi / lo < 1.0001) return (lo / 2, hi * 2);
            double f = Math.Pow(hi / lo, pad);
            return (lo / f, hi * f);
        }
        if (hi - lo < 1e-12) return (lo - 1, hi + 1);
        double margin = (hi - lo) * pad;
        return (lo - margin, hi + margin);
    }
}
