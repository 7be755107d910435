using SpeechDisentangle.Models.Common.Noise;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Augmentation;

/// <summary>
/// Cutout (DeVries and Taylor 2017), the occlusion FixMatch adds to its strong view: each image gets one square of
/// side <c>size</c>, centred at its own random pixel (clipped at the border), set to the background value -1.
/// </summary>
public static class RandomCutout
{
    /// <summary>Occluded copies of <paramref name="images"/> [B, C, H, W]; size 0 returns the images unchanged.</summary>
    public static Tensor Apply(Tensor images, int size, Generator? generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (AugmentationGuard.NothingToDo(images, size == 0)) return images;
        long b = images.shape[0], h = images.shape[2], w = images.shape[3];
        var device = images.device;
        var row = ImageNoise.Categories(b, h, device, generator).view(b, 1, 1, 1);
        var col = ImageNoise.Categories(b, w, device, generator).view(b, 1, 1, 1);
        // Pixel (r, c) is covered when r - row and c - col both lie in [-size / 2, size - size / 2).
        long before = size / 2, after = size - before;
        var dr = arange(h, dtype: ScalarType.Int64, device: device).view(1, 1, h, 1) - row;
        var dc = arange(w, dtype: ScalarType.Int64, device: device).view(1, 1, 1, w) - col;
        var covered = dr.ge(-before).logical_and(dr.lt(after)).logical_and(dc.ge(-before)).logical_and(dc.lt(after));
        return images.masked_fill(covered, -1.0);
    }
}
