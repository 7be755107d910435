using SpeechDisentangle.Models.Common.Noise;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Augmentation;

/// <summary>
/// Elastic distortion (Simard et al. 2003, the classic augmentation for handwriting) for images in [-1, 1]: every
/// pixel moves by a random displacement field, uniform in [-1, 1] per pixel and axis, smoothed by a Gaussian of
/// <c>sigma</c> pixels and scaled by <c>alpha</c> pixels; each image draws its own field. Strokes bend as a hand
/// would bend them, which rotations and shifts cannot do. Pixels from outside the image take the background -1.
/// </summary>
public static class RandomElastic
{
    /// <summary>Distorted copies of <paramref name="images"/> [B, C, H, W]; alpha 0 returns the images unchanged.</summary>
    public static Tensor Apply(Tensor images, double alpha, double sigma, Generator? generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(alpha);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        if (AugmentationGuard.NothingToDo(images, alpha == 0)) return images;
        using var scope = NewDisposeScope();
        long b = images.shape[0], h = images.shape[2], w = images.shape[3];
        var field = ImageNoise.Uniform([b * 2, 1, h, w], -1, 1, images.device, generator).to_type(images.dtype);
        var pixels = Smooth(field, sigma).view(b, 2, h, w) * alpha;
        // grid_sample reads normalised coordinates (x then y, [-1, 1] across the image): a pixel is 2 / size of them.
        var shift = stack([pixels[.., 0] * (2.0 / w), pixels[.., 1] * (2.0 / h)], -1);
        var identity = eye(2, 3, dtype: images.dtype, device: images.device).expand(b, 2, 3);
        var grid = nn.functional.affine_grid(identity, images.shape, align_corners: false) + shift;
        // Zero padding of (x + 1) puts -1 (background) outside the image.
        return (nn.functional.grid_sample(images + 1, grid, align_corners: false) - 1).MoveToOuterDisposeScope();
    }

    // Separable Gaussian blur with zero padding (the field is zero-mean, so the border just fades).
    private static Tensor Smooth(Tensor field, double sigma)
    {
        int radius = (int)Math.Ceiling(2 * sigma);
        var offsets = arange(-radius, radius + 1, dtype: field.dtype, device: field.device);
        var kernel = (-(offsets.square()) / (2 * sigma * sigma)).exp();
        kernel = kernel / kernel.sum();
        var across = nn.functional.conv2d(field, kernel.view(1, 1, 1, -1), padding: [0, radius]);
        return nn.functional.conv2d(across, kernel.view(1, 1, -1, 1), padding: [radius, 0]);
    }
}
