using SpeechDisentangle.Models.Common.Augmentation;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.SpeechData;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// Model options of the dann-speech task: the DANN heads and schedule of <see cref="DannOptions"/> (the same keys, so
/// `--set model_options.source_only=true` gives the baseline) plus a <see cref="SpeechEncoder"/> (pooled embedding)
/// as the feature extractor. Smaller heads by default; labels are the utterance-level content (batch key "content").
/// </summary>
public sealed record DannSpeechOptions : DannOptions
{
    public DannSpeechOptions()
    {
        LabelHidden = 64;
        DomainHidden = 64;
        LabelKey = SpeechBatchKeys.Content;
        DomainKey = DomainBatchSource.DomainKey;
    }

    public SpeechEncoderOptions Encoder { get; init; } = new();

    /// <summary>
    /// Training only: each utterance (source and target) gets one random new voice (formant warp, pitch warp and
    /// spectral tilt; <see cref="Common.Augmentation.VoicePerturbation"/>), so the label head learns content over
    /// far more voices than the source domain has. Off when its ranges are 0.
    /// </summary>
    public VoicePerturbationOptions VoicePerturbation { get; init; } = new();

    public override IReadOnlyList<string> Errors()
    {
        var errors = Validation.Nested("encoder", Encoder).Concat(Validation.Nested("voice_perturbation", VoicePerturbation)).Concat(base.Errors()).ToList();
        if (BatchNorm != DannBatchNorm.None) errors.Add($"batch_norm applies to dann-mnist's digit CNN; the speech encoder has its own (got {BatchNorm})");
        return errors;
    }
}
