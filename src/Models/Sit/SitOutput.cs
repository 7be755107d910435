using SpeechDisentangle.Models.Common.Encoders;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Sit;

/// <summary>What a <see cref="SitModel"/> returns.</summary>
/// <param name="Encoded">The encoder's frames, frame lengths and pooled embedding.</param>
/// <param name="ContentLogits">[B, C] for utterance-level content, [B, T', C] for frame-level.</param>
/// <param name="SpeakerLogits">[B, T', S] per frame (<see cref="SitOptions.SpeakerOnFrames"/>) or [B, S] from the pooled embedding, computed through gradient reversal.</param>
public sealed record SitOutput(EncoderOutput Encoded, Tensor ContentLogits, Tensor SpeakerLogits);
