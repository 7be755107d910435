using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Augmentation;

/// <summary>The input checks every image augmentation here shares.</summary>
internal static class AugmentationGuard
{
    /// <summary>
    /// True when there is nothing to do (the augmentation is <paramref name="off"/> or the batch is empty); otherwise
    /// checks that <paramref name="images"/> is [B, C, H, W].
    /// </summary>
    public static bool NothingToDo(Tensor images, bool off)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (off || images.shape[0] == 0) return true;
        if (images.dim() != 4) throw new ArgumentException($"images must be [B, C, H, W] (got [{string.Join(", ", images.shape)}])", nameof(images));
        return false;
    }
}
