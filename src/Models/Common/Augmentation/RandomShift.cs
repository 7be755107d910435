using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Augmentation;

/// <summary>
/// Data augmentation for images in [-1, 1]: each image moves by its own random whole-pixel offset in
/// [-maxShift, maxShift] along both axes; uncovered pixels take the background value -1.
/// </summary>
public static class RandomShift
{
    /// <summary>Shifted copies of <paramref name="images"/> [B, C, H, W]; 0 returns the images unchanged.</summary>
    public static Tensor Apply(Tensor images, int maxShift, Generator? generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxShift);
        if (AugmentationGuard.NothingToDo(images, maxShift == 0)) return images;
        long b = images.shape[0], c = images.shape[1], h = images.shape[2], w = images.shape[3];
        var padded = nn.functional.pad(images, [maxShift, maxShift, maxShift, maxShift], value: -1.0);
        // Per-image crop origin in [0, 2 * maxShift]: row and column indices into the padded image.
        var device = images.device;
        var rowStart = randint(0, (2 * maxShift) + 1, [b, 1], dtype: ScalarType.Int64, device: generator?.device ?? device, generator: generator).to(device);
        var colStart = randint(0, (2 * maxShift) + 1, [b, 1], dtype: ScalarType.Int64, device: generator?.device ?? device, generator: generator).to(device);
        var rows = (rowStart + arange(h, dtype: ScalarType.Int64, device: device)).view(b, 1, h, 1).expand(b, c, h, w + (2L * maxShift));
        var cols = (colStart + arange(w, dtype: ScalarType.Int64, device: device)).view(b, 1, 1, w).expand(b, c, h, w);
        return padded.gather(2, rows).gather(3, cols);
    }
}
