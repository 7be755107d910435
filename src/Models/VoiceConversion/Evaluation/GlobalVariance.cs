using static TorchSharp.torch;

namespace SpeechDisentangle.Models.VoiceConversion.Evaluation;

/// <summary>
/// Global variance (Toda et al. 2007): how much each mel band of an utterance moves over time. Decoders trained on
/// an L1/L2 loss over-smooth, so their output's GV falls below natural speech's; a GAN stage (the vc-adv patcher)
/// is meant to restore it. Ratio = Σ_bands var_t(other) / Σ_bands var_t(reference): 1 = as lively as the reference,
/// below 1 = smoother. The two sequences need not be aligned or of equal length.
/// </summary>
public static class GlobalVariance
{
    /// <param name="reference">Natural log-mel [NMels, T] (e.g. the target voice saying the same word).</param>
    /// <param name="other">Log-mel [NMels, T'] to compare (e.g. the conversion), on the same scale.</param>
    public static double Ratio(Tensor reference, Tensor other)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(other);
        if (reference.dim() != 2 || other.dim() != 2 || reference.shape[0] != other.shape[0])
            throw new ArgumentException($"expected two log-mels [NMels, T] with the same bands; got [{string.Join(", ", reference.shape)}] and [{string.Join(", ", other.shape)}]");
        if (reference.shape[1] < 2 || other.shape[1] < 2) throw new ArgumentException("global variance needs at least 2 frames");
        using var scope = NewDisposeScope();
        double referenceVariance = reference.to(ScalarType.Float64).var(1).sum().item<double>();
        double otherVariance = other.to(ScalarType.Float64).var(1).sum().item<double>();
        if (referenceVariance <= 0) throw new ArgumentException("the reference does not vary over time (global variance 0)");
        return otherVariance / referenceVariance;
    }
}
