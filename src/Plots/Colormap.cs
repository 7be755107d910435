using ScottPlot;
using SkiaSharp;

namespace SpeechDisentangle.Plots;

/// <summary>A perceptual colour scale mapping [0, 1] to colours (ScottPlot's tables of matplotlib's viridis and magma).</summary>
public sealed class Colormap
{
    Colormap(string name, IColormap scale)
    {
        Name = name;
        Scale = scale;
    }

    /// <summary>Name of the scale.</summary>
    public string Name { get; }

    /// <summary>The ScottPlot scale behind it, for heat maps and colour bars.</summary>
    internal IColormap Scale { get; }

    /// <summary>Dark blue → green → yellow.</summary>
    public static Colormap Viridis { get; } = new("viridis", new ScottPlot.Colormaps.Viridis());

    /// <summary>Black → purple → orange → pale yellow.</summary>
    public static Colormap Magma { get; } = new("magma", new ScottPlot.Colormaps.Magma());

    /// <summary>Black → white.</summary>
    public static Colormap Gray { get; } = new("gray", new ScottPlot.Colormaps.Grayscale());

    /// <summary>The colour for <paramref name="t"/> in [0, 1] (clamped; NaN maps to 0).</summary>
    public SKColor Map(double t)
    {
        if (double.IsNaN(t)) t = 0;
        Color c = Scale.GetColor(Math.Clamp(t, 0, 1));
        return new SKColor(c.R, c.G, c.B);
    }
}
