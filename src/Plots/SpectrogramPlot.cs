using SkiaSharp;

namespace SpeechDisentangle.Plots;

/// <summary>Options for <see cref="SpectrogramPlot"/>.</summary>
public sealed record SpectrogramPlotOptions
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

    /// <summary>Throws ArgumentException listing every invalid option.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (!(FrameShiftSeconds > 0) || !double.IsFinite(FrameShiftSeconds)) errors.Add($"FrameShiftSeconds {FrameShiftSeconds} must be > 0");
        if (ValueMin is double lo && ValueMax is double hi && !(hi > lo)) errors.Add($"ValueMax {hi} must exceed ValueMin {lo}");
        if (DynamicRange is double r && !(r > 0)) errors.Add($"DynamicRange {r} must be > 0");
        if (Colormap is null) errors.Add("Colormap must be set");
        PlotOptionErrors.Size(errors, Width, Height, 300, 200);
        PlotOptionErrors.ThrowIfAny(nameof(SpectrogramPlotOptions), errors);
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

        return Painter.RenderPng(options.Width, options.Height, canvas =>
        {
            float top = options.Title is null ? 15 : 40;
            var area = new SKRect(72, top, options.Width - 110, options.Height - 55);
            using (var image = HeatImage(framesByBins, lo, hi, options.Colormap))
                canvas.DrawImage(image, area, Painter.Sampling(frames, bins, area));
            new Axes(area, 0, frames * options.FrameShiftSeconds, 0, bins).Draw(canvas, "time (s)", options.YLabel, grid: false);
            DrawColorbar(canvas, new SKRect(area.Right + 18, area.Top, area.Right + 34, area.Bottom), lo, hi, options);
            if (options.Title is not null)
                Painter.Text(canvas, options.Title, area.MidX, 26, Painter.TitleFont, SKTextAlign.Center);
        });
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

    // One pixel per cell; image row 0 is the top, so it holds the highest bin.
    static SKImage HeatImage(float[,] m, double lo, double hi, Colormap map)
    {
        int frames = m.GetLength(0), bins = m.GetLength(1);
        var rgba = new byte[frames * bins * 4];
        for (int f = 0; f < frames; f++)
            for (int b = 0; b < bins; b++)
            {
                SKColor c = map.Map((m[f, b] - lo) / (hi - lo));
                int i = ((((bins - 1 - b) * frames) + f) * 4);
                (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]) = (c.Red, c.Green, c.Blue, 255);
            }
        return Painter.ImageFromRgba(rgba, frames, bins);
    }

    static void DrawColorbar(SKCanvas canvas, SKRect bar, double lo, double hi, SpectrogramPlotOptions o)
    {
        const int steps = 256;
        var rgba = new byte[steps * 4];
        for (int i = 0; i < steps; i++)
        {
            SKColor c = o.Colormap.Map(1 - (i / (double)(steps - 1)));
            (rgba[i * 4], rgba[(i * 4) + 1], rgba[(i * 4) + 2], rgba[(i * 4) + 3]) = (c.Red, c.Green, c.Blue, 255);
        }
        using (var image = Painter.ImageFromRgba(rgba, 1, steps))
            canvas.DrawImage(image, bar, new SKSamplingOptions(SKFilterMode.Linear));
        using var ink = Painter.Stroke(Painter.Ink);
        canvas.DrawRect(bar, ink);
        var (ticks, step) = Ticks.Nice(lo, hi, 5);
        float widest = 0;
        foreach (double t in ticks)
        {
            float y = bar.Bottom - (float)((t - lo) / (hi - lo) * bar.Height);
            string label = Ticks.Format(t, step);
            widest = Math.Max(widest, Painter.Width(label, Painter.TickFont));
            canvas.DrawLine(bar.Right, y, bar.Right + 4, y, ink);
            Painter.Text(canvas, label, bar.Right + 7, y + 4, Painter.TickFont);
        }
        Painter.VerticalText(canvas, o.ColorbarLabel, bar.Right + widest + 24, bar.MidY, Painter.LabelFont);
    }
}
