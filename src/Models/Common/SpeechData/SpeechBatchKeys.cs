namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>The batch keys the speech models read.</summary>
public static class SpeechBatchKeys
{
    /// <summary>Padded log-mel features [B, T, F] float32.</summary>
    public const string Feats = "feats";

    /// <summary>Valid frames per utterance [B] int64.</summary>
    public const string Lengths = "lengths";

    /// <summary>Utterance-level content label (word, digit) [B] int64.</summary>
    public const string Content = "content";

    /// <summary>Frame-level content labels (phones) [B, T] int64, aligned with "feats"; <see cref="Ignore"/> marks padding.</summary>
    public const string FrameContent = "frame_content";

    /// <summary>Speaker index [B] int64.</summary>
    public const string Speaker = "speaker";

    /// <summary>Label value that losses and accuracies skip.</summary>
    public const long Ignore = -100;
}
