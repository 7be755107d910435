using SkiaSharp;

namespace SpeechDisentangle.Models.Tests.Dann;

/// <summary>Small PNG image sets for the own-domain-pair tests: bar images in class folders, solid colours, damaged files.</summary>
internal static class TinyImageFolders
{
    /// <summary>Writes one PNG whose pixels come from <paramref name="pixel"/>(x, y); Gray8 writes a one-channel PNG.</summary>
    public static void WritePng(string path, int width, int height, Func<int, int, SKColor> pixel, SKColorType type = SKColorType.Rgba8888)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(width, height, type, SKAlphaType.Opaque);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                bitmap.SetPixel(x, y, pixel(x, y));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>
    /// <paramref name="count"/> images of class folder <paramref name="className"/>: a bright bar (horizontal, or
    /// vertical when <paramref name="vertical"/>) on <paramref name="background"/>, at a random offset.
    /// </summary>
    public static void WriteBars(string folder, string className, int count, int width, int height, bool vertical, SKColor background,
        int seed, SKColorType type = SKColorType.Rgba8888)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            int at = (vertical ? width : height) * (3 + random.Next(4)) / 10;
            WritePng(Path.Combine(folder, className, $"img{i}.png"), width, height,
                (x, y) => Math.Abs((vertical ? x : y) - at) <= Math.Max(1, width / 10) ? new SKColor(240, 240, 240) : background, type);
        }
    }
}
