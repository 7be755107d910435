using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Layers;

/// <summary>Statistics pooling over the valid frames of a padded batch (padding never leaks into the result).</summary>
public static class MaskedStatsPooling
{
    /// <summary>[B, T] float mask: 1 where frame t &lt; lengths[b].</summary>
    public static Tensor FrameMask(Tensor lengths, long frames, ScalarType dtype = ScalarType.Float32) =>
        (arange(frames, device: lengths.device).unsqueeze(0) < lengths.unsqueeze(1)).to(dtype);

    /// <summary>Mean, and with <paramref name="withStd"/> also the standard deviation, of frames [B, T, D] over each row's first lengths[b] frames.</summary>
    public static Tensor Pool(Tensor frames, Tensor lengths, bool withStd)
    {
        var (mean, std, _) = Moments(frames, lengths);
        return withStd ? cat([mean, std], 1) : mean;
    }

    /// <summary>
    /// Instance normalisation of frames [B, T, D] over each row's valid frames: every channel of every utterance to
    /// zero mean and unit standard deviation over time (no learned scale); padding frames come out as 0.
    /// </summary>
    public static Tensor InstanceNormalize(Tensor frames, Tensor lengths)
    {
        var (mean, std, mask) = Moments(frames, lengths);
        return (frames - mean.unsqueeze(1)) / std.unsqueeze(1) * mask;
    }

    /// <summary>Per-row mean [B, D] and standard deviation [B, D] over the valid frames, and the mask [B, T, 1].</summary>
    static (Tensor Mean, Tensor Std, Tensor Mask) Moments(Tensor frames, Tensor lengths)
    {
        var mask = FrameMask(lengths, frames.shape[1], frames.dtype).unsqueeze(2);
        var count = mask.sum(1).clamp_min(1);
        var mean = (frames * mask).sum(1) / count;
        var centred = (frames - mean.unsqueeze(1)) * mask;
        // The floor keeps sqrt's gradient finite for constant rows.
        var std = (centred.pow(2).sum(1) / count).clamp_min(1e-5).sqrt();
        return (mean, std, mask);
    }
}
