using SkiaSharp;

namespace SpeechDisentangle.Plots;

/// <summary>
/// A perceptual colour scale mapping [0, 1] to colours by linear interpolation between 11 evenly spaced anchors
/// (the published anchor colours of matplotlib's viridis and magma).
/// </summary>
public sealed class Colormap
{
    readonly SKColor[] anchors;

    /// <summary>Name of the scale.</summary>
    public string Name { get; }

    Colormap(string name, params uint[] rgb)
    {
        Name = name;
        anchors = [.. rgb.Select(c => new SKColor((byte)(c >> 16), (byte)(c >> 8), (byte)c))];
    }

    /// <summary>Dark blue → green → yellow.</summary>
    public static Colormap Viridis { get; } = new("viridis",
        0x440154, 0x482475, 0x414487, 0x355F8D, 0x2A788E, 0x21918C, 0x22A884, 0x44BF70, 0x7AD151, 0xBDDF26, 0xFDE725);

    /// <summary>Black → purple → orange → pale yellow.</summary>
    public static Colormap Magma { get; } = new("magma",
        0x000004, 0x140E36, 0x3B0F70, 0x641A80, 0x8C2981, 0xB73779, 0xDE4968, 0xF7705C, 0xFE9F6D, 0xFECF92, 0xFCFDBF);

    /// <summary>Black → white.</summary>
    public static Colormap Gray { get; } = new("gray", 0x000000, 0xFFFFFF);

    /// <summary>The colour for <paramref name="t"/> in [0, 1] (clamped; NaN maps to 0).</summary>
    public SKColor Map(double t)
    {
        if (double.IsNaN(t)) t = 0;
        t = Math.Clamp(t, 0, 1) * (anchors.Length - 1);
        int i = Math.Min((int)t, anchors.Length - 2);
        double f = t - i;
        SKColor a = anchors[i], b = anchors[i + 1];
        return new SKColor(Lerp(a.Red, b.Red, f), Lerp(a.Green, b.Green, f), Lerp(a.Blue, b.Blue, f));
    }

    static byte Lerp(byte a, byte b, double f) => (byte)Math.Round(a + ((b - a) * f));
}
