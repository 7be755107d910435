using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Losses;

/// <summary>Binary cross-entropy on discriminator logits, the form every GAN turn here uses.</summary>
public static class GanLosses
{
    /// <summary>-log sigmoid(logits): the loss for logits that should say "real".</summary>
    public static Tensor Real(Tensor logits) =>
        nn.functional.binary_cross_entropy_with_logits(logits, ones_like(logits));

    /// <summary>-log(1 - sigmoid(logits)): the loss for logits that should say "fake".</summary>
    public static Tensor Fake(Tensor logits) =>
        nn.functional.binary_cross_entropy_with_logits(logits, zeros_like(logits));

    /// <summary>Mean discriminator probability, a detached statistic.</summary>
    public static Tensor MeanProbability(Tensor logits) => sigmoid(logits.detach()).mean();
}
