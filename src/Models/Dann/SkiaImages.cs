using SkiaSharp;

namespace SpeechDisentangle.Models.Dann;

/// <summary>PNG/JPEG decoding and resizing shared by the MNIST-M builder and the image-folder reader.</summary>
static class SkiaImages
{
    /// <summary>File name endings taken as images (case-insensitive); other files are not images.</summary>
    public static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    public static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>Image files under <paramref name="folder"/> and its sub-folders, in ordinal path order.</summary>
    public static string[] Under(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(IsImage).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Decodes any PNG/JPEG (gray, RGB, with or without alpha) as 8-bit RGBA, colours not premultiplied.</summary>
    /// <exception cref="InvalidDataException">The file is not an image, or is damaged or truncated.</exception>
    public static SKBitmap Decode(string path)
    {
        using var codec = SKCodec.Create(path) ?? throw new InvalidDataException($"'{path}': not a decodable PNG or JPEG image");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        // SKBitmap.Decode accepts a truncated file (IncompleteInput) and fills the rest with zeros; that is refused here.
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new InvalidDataException($"'{path}': damaged image ({result})");
        }
        return bitmap;
    }

    /// <summary>
    /// <paramref name="bitmap"/> scaled to <paramref name="width"/> x <paramref name="height"/> (bilinear between
    /// mipmap levels, so strong shrinking averages pixels instead of skipping them); disposes the original.
    /// </summary>
    public static SKBitmap Resize(SKBitmap bitmap, int width, int height, string path)
    {
        if (bitmap.Width == width && bitmap.Height == height) return bitmap;
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var resized = bitmap.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        bitmap.Dispose();
        return resized ?? throw new InvalidDataException($"'{path}': could not scale the image to {width}x{height}");
    }
}
