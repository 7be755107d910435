using ScottPlot;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Plots;

/// <summary>Options for <see cref="SpectrogramPlot"/>.</summary>
public sealed record SpectrogramPlotOptions : IValidatable
{
    /// <summary>Title above the plot; null for none.</summary>
    public string? Title { get; init; }
    /// <summary>Seconds between frames (the STFT hop), for the time axis.</summary>
    public double FrameShiftSeconds { get; init; } = 0.01;
    /// <summary>Label of the vertical axis.</summary>
    public string YLabel { get; init; } = "mel bin";
    /// <summary>Label of the colour bar (the value's unit).</summary>
    public string ColorbarLabel { get; init; } = "log energy (nats)";
    /// <summary>Colour scale.</summary>
    public Colormap Colormap { get; init; } = Colormap.Magma;
    /// <summary>Value mapped to the darkest colour; null for the data minimum (after <see cref="DynamicRange"/>).</summary>
    public double? ValueMin { get; init; }
    /// <summary>Value mapped to the brightest colour; null for the data maximum.</summary>
    public double? ValueMax { get; init; }
    /// <summary>When <see cref="ValueMin"/> is null, clip values below max − DynamicRange so silence does not
    /// swamp the scale (80 suits dB, 10 suits natural-log energies); null to use the data minimum.</summary>
    public double? DynamicRange { get; init; }
    /// <summary>Image width in pixels.</summary>
    public int Width { get; init; } = 900;
    /// <summary>Image height in pixels.</summary>
    public int Height { get; init; } = 420;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!(FrameShiftSeconds > 0) || !double.IsFinite(FrameShiftSeconds)) errors.Add($"FrameShiftSeconds {FrameShiftSeconds} must be > 0");
        if (ValueMin is double lo && ValueMax is double hi && !(hi > lo)) errors.Add($"ValueMax {hi} must exceed ValueMin {lo}");
        if (DynamicRange is double r && !(r > 0)) errors.Add($"DynamicRange {r} must be > 0");
        if (Colormap is null) errors.Add("Colormap must be set");
        PlotOptionErrors.Size(errors, Width, Height, 300, 200);
        return errors;
    }
}

/// <summary>
/// A frames × bins matrix (e.g. a log-mel spectrogram) as a heat map: time in seconds along x, bin 0 (lowest
/// frequency) at the bottom, with a colour bar.
/// </summary>
public static class SpectrogramPlot
{
    /// <summary>Renders <paramref name="framesByBins"/>[frame, bin] to PNG bytes.</summary>
    public static byte[] RenderPng(float[,] framesByBins, SpectrogramPlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(framesByBins);
        options ??= new SpectrogramPlotOptions();
        options.Validate();
        int frames = framesByBins.GetLength(0), bins = framesByBins.GetLength(1);
        if (frames == 0 || bins == 0) throw new ArgumentException($"spectrogram is empty ({frames} frames x {bins} bins)");
        var (lo, hi) = Range(framesByBins, options);
        double seconds = frames * options.FrameShiftSeconds;

        var plot = PlotStyle.Create(options.Title, "time (s)", options.YLabel, left: 72, right: 110, bottom: 55);
        var heat = plot.Add.Heatmap(Rows(framesByBins));
        heat.Colormap = options.Colormap.Scale;
        heat.ManualRange = new ScottPlot.Range(lo, hi);
        heat.NaNCellColor = options.Colormap.Scale.GetColor(0); // as the bottom of the scale, like silence
        heat.Rectangle = new CoordinateRect(0, seconds, 0, bins);
        var bar = plot.Add.ColorBar(heat);
        bar.Label = options.ColorbarLabel;
        bar.LabelStyle.FontSize = Painter.LabelFont;
        bar.LabelStyle.Bold = false;
        bar.Axis.TickLabelStyle.FontSize = Painter.TickFont;
        plot.HideGrid();
        plot.Axes.SetLimits(0, seconds, 0, bins);
        return PlotStyle.Png(plot, options.Width, options.Height);
    }

    /// <summary>Renders and saves atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, float[,] framesByBins, SpectrogramPlotOptions? options = null) =>
        PlotFile.Save(path, RenderPng(framesByBins, options));

    static (double Lo, double Hi) Range(float[,] m, SpectrogramPlotOptions o)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (float v in m)
        {
            if (!float.IsFinite(v)) continue;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        if (double.IsInfinity(min)) (min, max) = (0, 1);
        double hi = o.ValueMax ?? max;
        double lo = o.ValueMin ?? (o.DynamicRange is double r ? Math.Max(min, hi - r) : min);
        if (!(hi > lo)) hi = lo + 1; // a constant image still renders, in the darkest colour
        return (lo, hi);
    }

    // A heat map's row 0 is drawn at the top, so it holds the highest bin; values below the range are clipped to it.
    static double[,] Rows(float[,] m)
    {
        int frames = m.GetLength(0), bins = m.GetLength(1);
        var rows = new double[bins, frames];
        for (int f = 0; f < frames; f++)
            for (int b = 0; b < bins; b++)
                rows[bins - 1 - b, f] = m[f, b];
        return rows;
    }
}
