using SkiaSharp;
using SpeechDisentangle.Models.Common.Mnist;

namespace SpeechDisentangle.Models.Tests.Dann;

/// <summary>A small MNIST-like IDX folder (two easy classes of bar digits) and a folder of noise photos.</summary>
internal static class TinyMnistFolder
{
    /// <summary>Writes train/t10k IDX files: class 0 a horizontal bar, class 1 a vertical bar, with pixel noise.</summary>
    public static void WriteIdx(string folder, int train, int test, int seed)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        foreach (var (split, count) in new[] { ("train", train), ("test", test) })
        {
            var pixels = new byte[count * 784];
            var labels = new byte[count];
            for (int i = 0; i < count; i++)
            {
                labels[i] = (byte)(i % 2);
                int at = 10 + random.Next(8);
                for (int r = 0; r < 28; r++)
                    for (int c = 0; c < 28; c++)
                    {
                        bool on = Math.Abs((labels[i] == 0 ? r : c) - at) <= 2 && (labels[i] == 0 ? c : r) is >= 5 and < 23;
                        pixels[i * 784 + r * 28 + c] = (byte)Math.Clamp((on ? 230 : 10) + random.Next(-10, 11), 0, 255);
                    }
            }
            var (images, labelsPath) = MnistFiles.Paths(folder, split, gzip: false);
            MnistIdx.WriteImages(images, new IdxImages(count, 28, 28, pixels));
            MnistIdx.WriteLabels(labelsPath, labels);
        }
    }

    /// <summary>Writes <paramref name="count"/> PNG photos of coloured noise.</summary>
    public static void WritePhotos(string folder, int count, int seed)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        for (int k = 0; k < count; k++)
        {
            using var bitmap = new SKBitmap(64, 48, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            for (int y = 0; y < 48; y++)
                for (int x = 0; x < 64; x++)
                    bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(folder, $"photo{k}.png"), data.ToArray());
        }
    }
}
