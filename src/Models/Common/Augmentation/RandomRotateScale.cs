using SpeechDisentangle.Models.Common.Noise;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Augmentation;

/// <summary>
/// Stronger data augmentation for images in [-1, 1]: each image is rotated by its own random angle in
/// [-maxDegrees, maxDegrees] and scaled by a random factor in [1 - maxScale, 1 + maxScale] about its centre
/// (bilinear); pixels from outside the image take the background value -1.
/// </summary>
public static class RandomRotateScale
{
    /// <summary>Transformed copies of <paramref name="images"/> [B, C, H, W]; both limits 0 return the images unchanged.</summary>
    public static Tensor Apply(Tensor images, double maxDegrees, double maxScale, Generator? generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDegrees);
        if (maxScale is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(maxScale), maxScale, "maxScale must be in [0, 1)");
        if (AugmentationGuard.NothingToDo(images, maxDegrees == 0 && maxScale == 0)) return images;
        long b = images.shape[0];
        var angle = ImageNoise.Uniform([b], -maxDegrees * Math.PI / 180, maxDegrees * Math.PI / 180, images.device, generator);
        // The grid maps output to input coordinates, so the input is sampled at 1 / scale of the output's distance.
        var inverseScale = 1 / ImageNoise.Uniform([b], 1 - maxScale, 1 + maxScale, images.device, generator);
        var cos = angle.cos() * inverseScale;
        var sin = angle.sin() * inverseScale;
        var zero = zeros_like(cos);
        var theta = stack([cos, -sin, zero, sin, cos, zero], 1).view(b, 2, 3).to_type(images.dtype);
        var grid = nn.functional.affine_grid(theta, images.shape, align_corners: false);
        // Zero padding of (x + 1) puts -1 (background) outside the image.
        return nn.functional.grid_sample(images + 1, grid, align_corners: false) - 1;
    }
}
