namespace SpeechDisentangle.Models.VoiceConversion.AdaIn;

/// <summary>Which other examples of a batch count as the same voice in AdaIN-VC's contrastive speaker loss.</summary>
public enum SpeakerContrastPositives
{
    /// <summary>Every example of the same speaker.</summary>
    Speaker,
    /// <summary>Only the example itself (its segment and its reference, which share the voice warp).</summary>
    Example,
}
