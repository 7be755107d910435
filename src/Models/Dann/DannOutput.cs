using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>What a <see cref="DannModel"/> returns.</summary>
/// <param name="Features">G_f's features [B, D].</param>
/// <param name="LabelLogits">Class logits [B, classes].</param>
/// <param name="DomainLogits">Domain logits [B, 2] (0 source, 1 target), computed through gradient reversal.</param>
public sealed record DannOutput(Tensor Features, Tensor LabelLogits, Tensor DomainLogits);
