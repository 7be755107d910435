using SkiaSharp;

namespace SpeechDisentangle.Models.Tests.Plots;

/// <summary>Decodes rendered PNGs for pixel checks; set SDT_PLOT_DUMP to a folder to also keep them for eyeballing.</summary>
internal static class PngProbe
{
    public static SKBitmap Decode(byte[] png, string dumpName)
    {
        string? dump = Environment.GetEnvironmentVariable("SDT_PLOT_DUMP");
        if (!string.IsNullOrEmpty(dump))
        {
            Directory.CreateDirectory(dump);
            File.WriteAllBytes(Path.Combine(dump, dumpName + ".png"), png);
        }
        png.Take(8).Should().Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A });
        return SKBitmap.Decode(png) ?? throw new InvalidOperationException("PNG did not decode");
    }

    public static double Luma(SKColor c) => (0.2126 * c.Red) + (0.7152 * c.Green) + (0.0722 * c.Blue);

    public static double Distance(SKColor a, SKColor b) =>
        Math.Sqrt(Math.Pow(a.Red - b.Red, 2) + Math.Pow(a.Green - b.Green, 2) + Math.Pow(a.Blue - b.Blue, 2));

    /// <summary>Pixels within <paramref name="tolerance"/> of <paramref name="color"/>, as (x, y).</summary>
    public static List<(int X, int Y)> Find(SKBitmap bmp, SKColor color, double tolerance)
    {
        var found = new List<(int, int)>();
        for (int y = 0; y < bmp.Height; y++)
            for (int x = 0; x < bmp.Width; x++)
                if (Distance(bmp.GetPixel(x, y), color) <= tolerance) found.Add((x, y));
        return found;
    }

    /// <summary>A colour drawn with <paramref name="alpha"/> over white.</summary>
    public static SKColor OverWhite(SKColor c, byte alpha)
    {
        double a = alpha / 255.0;
        byte Mix(byte v) => (byte)Math.Round((v * a) + (255 * (1 - a)));
        return new SKColor(Mix(c.Red), Mix(c.Green), Mix(c.Blue));
    }
}
