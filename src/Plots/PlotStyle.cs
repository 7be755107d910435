using ScottPlot;
using SkiaSharp;

namespace SpeechDisentangle.Plots;

/// <summary>
/// The look every ScottPlot chart here shares: the font <see cref="PlotFonts"/> found, dark ink, light grid lines, and
/// a data area at fixed margins (so axes do not move with the length of a tick label, and a title only adds its band).
/// </summary>
internal static class PlotStyle
{
    const string FontName = "sdt-plot";
    static readonly Lazy<string?> Registered = new(Register);

    public static readonly Color Ink = ToScott(Painter.Ink);
    public static readonly Color GridColor = ToScott(Painter.GridColor);

    /// <summary>Fewer labelled ticks than ScottPlot's default (about one per 90 px across, 60 px up).</summary>
    public const double TickDensity = 0.6;

    /// <summary>A white chart with the house fonts and colours, its data area inset by the given margins (pixels).</summary>
    public static Plot Create(string? title, string? xLabel, string? yLabel, float left, float right, float bottom)
    {
        var plot = new Plot();
        if (Registered.Value is string font) plot.Font.Set(font);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Axes.Color(Ink);
        plot.Axes.FrameColor(Ink);
        plot.Grid.MajorLineColor = GridColor;
        foreach (var axis in plot.Axes.GetAxes())
        {
            if (axis.TickGenerator is ScottPlot.TickGenerators.NumericAutomatic ticks) ticks.TickDensity = TickDensity;
            axis.TickLabelStyle.FontSize = Painter.TickFont;
            axis.Label.FontSize = Painter.LabelFont;
            axis.Label.Bold = false;
        }
        if (xLabel is not null) plot.XLabel(xLabel);
        if (yLabel is not null) plot.YLabel(yLabel);
        if (title is not null)
        {
            plot.Title(title);
            plot.Axes.Title.Label.FontSize = Painter.TitleFont;
            plot.Axes.Title.Label.Bold = false;
        }
        plot.Layout.Fixed(new PixelPadding(left, right, bottom, title is null ? 15 : 40));
        return plot;
    }

    /// <summary>A legend in the house style: white box, grey outline, no shadow, label-sized text.</summary>
    public static void Legend(Plot plot, Alignment alignment)
    {
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = alignment;
        plot.Legend.FontSize = Painter.LabelFont;
        if (Registered.Value is string font) plot.Legend.FontName = font;
        plot.Legend.FontColor = Ink;
        plot.Legend.OutlineColor = new Color(0xBB, 0xBB, 0xBB);
        plot.Legend.BackgroundColor = Colors.White.WithAlpha(225);
        plot.Legend.ShadowColor = Colors.Transparent;
    }

    /// <summary>Renders the chart to PNG bytes.</summary>
    public static byte[] Png(Plot plot, int width, int height) => plot.GetImageBytes(width, height, ImageFormat.Png);

    public static Color ToScott(SKColor c) => new(c.Red, c.Green, c.Blue, c.Alpha);

    // ScottPlot looks fonts up by name; the native Skia here has no fontconfig, so the TTF is registered by path.
    static string? Register()
    {
        if (PlotFonts.TypefacePath is not string path) return null;
        Fonts.AddFontFile(FontName, path);
        return FontName;
    }
}
