namespace SpeechDisentangle.Models.VoiceConversion.Common;

/// <summary>The batch keys the voice-conversion objectives read.</summary>
public static class VcBatchKeys
{
    /// <summary>Log-mel segments, float32 [B, NMels, T], channels-first (mel bands are the conv channels).</summary>
    public const string Mel = "mel";

    /// <summary>Speaker ids, int64 [B], in 0 .. Speakers − 1 (adversarial model).</summary>
    public const string Speaker = "speaker";

    /// <summary>AdaIN-VC: a reference segment [B, NMels, T'] of the same speaker (the same or another utterance).
    /// Optional; without it the speaker encoder sees "mel" itself.</summary>
    public const string ReferenceMel = "ref_mel";
}
