using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Encoders;

/// <summary>What a <see cref="SpeechEncoder"/> returns for a padded batch.</summary>
/// <param name="Frames">Per-frame embeddings [B, T', D] with T' = T - receptive field + 1; frames past a row's length are padding.</param>
/// <param name="FrameLengths">Valid output frames per row [B] (int64): length - receptive field + 1.</param>
/// <param name="Pooled">Masked mean (and std) over the valid frames [B, D] or [B, 2D].</param>
public sealed record EncoderOutput(Tensor Frames, Tensor FrameLengths, Tensor Pooled);
