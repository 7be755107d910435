using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Images.Common;

/// <summary>
/// MNIST-like stand-in data (real MNIST is not in the fixtures): ten classes of 28x28 bar images in [-1, 1].
/// Classes 0-4 are horizontal bars at rows 4, 9, 14, 19, 24; classes 5-9 vertical bars at those columns.
/// Each image is shifted by up to one pixel and gets Gaussian pixel noise, so no two are identical.
/// </summary>
internal static class SyntheticDigits
{
    public const int Side = 28;

    /// <summary>Images [10 * perClass, 1, 28, 28] and int64 labels, classes interleaved (0, 1, ..., 9, 0, ...).</summary>
    public static (Tensor X, Tensor Y) Make(int perClass, int seed, double noise = 0.15)
    {
        var random = new Random(seed);
        var n = perClass * 10;
        var pixels = new float[n * Side * Side];
        var labels = new long[n];
        for (var i = 0; i < n; i++)
        {
            var label = i % 10;
            labels[i] = label;
            var position = 4 + (5 * (label % 5)) + random.Next(-1, 2);
            var offset = random.Next(-1, 2);
            for (var r = 0; r < Side; r++)
                for (var c = 0; c < Side; c++)
                {
                    var (across, along) = label < 5 ? (r, c) : (c, r);
                    var on = Math.Abs(across - position) <= 1 && along >= 4 + offset && along <= 23 + offset;
                    var value = (on ? 1.0 : -1.0) + (noise * Gaussian(random));
                    pixels[(i * Side * Side) + (r * Side) + c] = (float)Math.Clamp(value, -1, 1);
                }
        }
        return (tensor(pixels, [n, 1, Side, Side]), tensor(labels));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
