using static TorchSharp.torch;

namespace SpeechDisentangle.Models.VoiceConversion.Common;

/// <summary>
/// The voice to convert to: a training speaker's model id (adversarial VC) and/or a reference log-mel
/// [Bins, T'] (normalised, AdaIN-VC). A model uses what it understands and throws when its part is missing.
/// </summary>
public sealed record VcTarget(string Speaker, int? SpeakerId, Tensor? ReferenceMel);

/// <summary>What the evaluation and `sdt convert` need from a trained VC model.</summary>
public interface IVcConverter
{
    /// <summary>True when the model converts to voices it never trained on (from a reference utterance).</summary>
    bool OneShot { get; }

    /// <summary>Converted normalised log-mel [Bins, T] of a normalised source [Bins, T].</summary>
    Tensor Convert(Tensor sourceMel, VcTarget target);

    /// <summary>The content code [C, T] of a normalised log-mel [Bins, T] (what the disentanglement probe reads).</summary>
    Tensor ContentCode(Tensor mel);
}
