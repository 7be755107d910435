using SkiaSharp;

namespace SpeechDisentangle.Plots;

/// <summary>
/// The house colours and font sizes, and the raw Skia drawing that ScottPlot does not do: image grids with labels
/// (crisp enlarged pixels), text measuring, PNG encoding.
/// </summary>
internal static class Painter
{
    public static readonly SKColor Ink = new(0x22, 0x22, 0x22);
    public static readonly SKColor GridColor = new(0xE4, 0xE4, 0xE4);
    public const float TickFont = 12, LabelFont = 13, TitleFont = 15;

    public static float Width(string text, float size)
    {
        using var font = PlotFonts.Font(size);
        return font.MeasureText(text);
    }

    public static void Text(SKCanvas canvas, string text, float x, float y, float size, SKTextAlign align = SKTextAlign.Left,
        SKColor? color = null)
    {
        using var font = PlotFonts.Font(size);
        using var paint = new SKPaint { Color = color ?? Ink, IsAntialias = true };
        canvas.DrawText(text, x, y, align, font, paint);
    }

    /// <summary>Draws a white canvas, runs <paramref name="draw"/>, and returns the PNG bytes.</summary>
    public static byte[] RenderPng(int width, int height, Action<SKCanvas> draw)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"could not create a {width}x{height} drawing surface");
        surface.Canvas.Clear(SKColors.White);
        draw(surface.Canvas);
        surface.Canvas.Flush();
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("PNG encoding failed");
        return data.ToArray();
    }

    /// <summary>An image from straight (unpremultiplied) RGBA bytes.</summary>
    public static SKImage ImageFromRgba(byte[] rgba, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        return SKImage.FromBitmap(bitmap);
    }
}
