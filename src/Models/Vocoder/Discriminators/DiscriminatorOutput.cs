using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Vocoder.Discriminators;

/// <summary>
/// What one sub-discriminator says of a batch of audio: a map of realness scores (one per patch it judges; the hinge
/// loss averages them) and the activations of its hidden layers, for feature matching.
/// </summary>
public sealed record DiscriminatorOutput(Tensor Scores, IReadOnlyList<Tensor> Features);
