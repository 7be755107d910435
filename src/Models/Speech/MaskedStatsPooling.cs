using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Speech;

/// <summary>Statistics pooling over the valid frames of a padded batch (padding never leaks into the result).</summary>
public static class MaskedStatsPooling
{
    /// <summary>[B, T] float mask: 1 where frame t &lt; lengths[b].</summary>
    public static Tensor FrameMask(Tensor lengths, long frames, ScalarType dtype = ScalarType.Float32) =>
        (arange(frames, device: lengths.device).unsqueeze(0) < lengths.unsqueeze(1)).to(dtype);

    /// <summary>Mean, and with <paramref name="withStd"/> also the standard deviation, of frames [B, T, D] over each row's first lengths[b] frames.</summary>
    public static Tensor Pool(Tensor frames, Tensor lengths, bool withStd)
    {
        var mask = FrameMask(lengths, frames.shape[1], frames.dtype).unsqueeze(2);
        var count = mask.sum(1).clamp_min(1);
        var mean = (frames * mask).sum(1) / count;
        if (!withStd) return mean;
        var centred = (frames - mean.unsqueeze(1)) * mask;
        // The floor keeps sqrt's gradient finite for constant rows.
        var std = (centred.pow(2).sum(1) / count).clamp_min(1e-5).sqrt();
        return cat([mean, std], 1);
    }
}
