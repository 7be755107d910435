using SkiaSharp;

namespace SpeechDisentangle.Plots;

/// <summary>
/// The typeface plots draw text with. The native Skia build used here has no fontconfig, so the system font cannot
/// be looked up by name: a TTF is loaded from a known path (first of SDT_PLOT_FONT, DejaVu Sans, Liberation Sans),
/// falling back to <see cref="SKTypeface.Default"/> (which may draw no glyphs) when none exists.
/// </summary>
public static class PlotFonts
{
    static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/liberation/LiberationSans-Regular.ttf",
    ];

    static readonly Lazy<(SKTypeface Typeface, string? Path)> Loaded = new(Load);

    /// <summary>The typeface in use.</summary>
    public static SKTypeface Typeface => Loaded.Value.Typeface;

    /// <summary>The font file loaded, or null when falling back to the default typeface.</summary>
    public static string? TypefacePath => Loaded.Value.Path;

    static (SKTypeface, string?) Load()
    {
        string? fromEnv = Environment.GetEnvironmentVariable("SDT_PLOT_FONT");
        foreach (string path in (fromEnv is null ? [] : new[] { fromEnv }).Concat(Candidates))
        {
            if (!File.Exists(path)) continue;
            var typeface = SKTypeface.FromFile(path);
            if (typeface is not null) return (typeface, path);
        }
        return (SKTypeface.Default, null);
    }

    internal static SKFont Font(float size) => new(Typeface, size) { Subpixel = true };
}
