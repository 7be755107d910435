using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace SpeechDisentangle.Models.VoiceConversion.AdaIn;

/// <summary>
/// The latent cycle of MUNIT (Huang et al. 2018) applied to AdaIN-VC: decode each example's content with the speaker
/// embedding of another example of the batch (a conversion), then encode the result again. The speaker encoder should
/// read back the embedding it was given, and the content encoder the code it started from.
/// </summary>
public static class ConversionCycle
{
    /// <summary>
    /// (speaker, content) cycle losses for one batch. <paramref name="content"/> [B, C, T] is the code the decoder sees,
    /// <paramref name="contentMean"/> its mean (the target of the content cycle), <paramref name="speaker"/> [B, E] the
    /// batch's speaker embeddings; B must be >= 2. Targets are detached, so neither term can pull the embeddings
    /// together. The speaker term is the squared error over the batch variance of the embeddings (scale-free:
    /// 1 = no better than the batch mean).
    /// </summary>
    public static (Tensor Speaker, Tensor Content) Losses(AdaInVcModel model, Tensor content, Tensor contentMean, Tensor speaker, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(contentMean);
        ArgumentNullException.ThrowIfNull(speaker);
        var n = speaker.shape[0];
        if (n < 2) throw new ArgumentException($"the conversion cycle needs a batch of at least 2 (got {n})", nameof(speaker));
        // A shift in [1, n-1] gives every example another example's voice (most often another speaker).
        var shift = randint(1, n, [1], generator: generator).item<long>();
        var target = speaker.roll(shift, 0);
        var converted = model.Decode(content, target);
        var readBack = model.EncodeSpeaker(converted);
        var speakerLoss = RelativeError(readBack, target.detach());
        var (convertedContent, _) = model.EncodeContent(converted);
        var contentLoss = l1_loss(convertedContent, contentMean.detach());
        return (speakerLoss, contentLoss);
    }

    /// <summary>
    /// Mean squared error of <paramref name="estimate"/> [B, E] against <paramref name="target"/> [B, E], divided by
    /// the target's total variance over the batch: 0 = exact, 1 = no better than guessing the batch mean. Unchanged
    /// when both are scaled or shifted alike.
    /// </summary>
    public static Tensor RelativeError(Tensor estimate, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentNullException.ThrowIfNull(target);
        var spread = target.var([0], unbiased: false).sum().clamp_min(1e-12);
        return (estimate - target).square().sum(1).mean() / spread;
    }
}
