using SkiaSharp;

namespace SpeechDisentangle.Plots;

/// <summary>Text, axes and PNG encoding shared by the plots.</summary>
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

    /// <summary>Text rotated 90° counter-clockwise, centred on (x, y); for y-axis labels.</summary>
    public static void VerticalText(SKCanvas canvas, string text, float x, float y, float size)
    {
        canvas.Save();
        canvas.RotateDegrees(-90, x, y);
        Text(canvas, text, x, y, size, SKTextAlign.Center);
        canvas.Restore();
    }

    public static SKPaint Stroke(SKColor color, float width = 1) =>
        new() { Color = color, Style = SKPaintStyle.Stroke, StrokeWidth = width, IsAntialias = true };

    public static SKPaint Fill(SKColor color) => new() { Color = color, Style = SKPaintStyle.Fill, IsAntialias = true };

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

    /// <summary>Nearest-neighbour when enlarging (crisp cells), filtered when shrinking (no aliasing).</summary>
    public static SKSamplingOptions Sampling(int sourceW, int sourceH, SKRect dest) =>
        dest.Width >= sourceW && dest.Height >= sourceH
            ? new SKSamplingOptions(SKFilterMode.Nearest)
            : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
}
