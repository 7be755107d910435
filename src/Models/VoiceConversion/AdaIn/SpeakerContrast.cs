using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace SpeechDisentangle.Models.VoiceConversion.AdaIn;

/// <summary>
/// Supervised contrastive loss (Khosla et al. 2020) between two views of each example's voice, e.g. the speaker
/// embeddings of a segment and of another utterance of the same speaker. Each anchor's positives are the other
/// view's examples of the same speaker, its negatives every other speaker in the batch; similarities are cosines over
/// a temperature. Unlike a speaker classifier it needs no fixed speaker count and pulls a voice's utterances together
/// wherever that voice lies, which is what a one-shot speaker encoder must do for voices it has never heard.
/// </summary>
public static class SpeakerContrast
{
    /// <param name="anchors">Embeddings [B, E] of the first view.</param>
    /// <param name="others">Embeddings [B, E] of the second view (row i: the same speaker as anchor i).</param>
    /// <param name="speakers">int64 speaker ids [B].</param>
    /// <param name="temperature">Cosine temperature (> 0); smaller sharpens the contrast.</param>
    /// <returns>The mean over anchors of −log(Σ_positives exp(s) / Σ_all exp(s)), a scalar.</returns>
    public static Tensor Loss(Tensor anchors, Tensor others, Tensor speakers, double temperature)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        ArgumentNullException.ThrowIfNull(others);
        ArgumentNullException.ThrowIfNull(speakers);
        if (temperature <= 0) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "must be > 0");
        if (anchors.dim() != 2 || !anchors.shape.SequenceEqual(others.shape) || speakers.shape[0] != anchors.shape[0])
            throw new ArgumentException(
                $"expected anchors and others [B, E] and speakers [B]; got [{string.Join(", ", anchors.shape)}], [{string.Join(", ", others.shape)}], [{string.Join(", ", speakers.shape)}]");
        using var scope = NewDisposeScope();
        var similarity = normalize(anchors, dim: 1).matmul(normalize(others, dim: 1).t()) / temperature;
        var positive = speakers.unsqueeze(1).eq(speakers.unsqueeze(0));
        var logAll = similarity.logsumexp(1);
        var logPositive = similarity.masked_fill(positive.logical_not(), double.NegativeInfinity).logsumexp(1);
        return (logAll - logPositive).mean().MoveToOuterDisposeScope();
    }
}
