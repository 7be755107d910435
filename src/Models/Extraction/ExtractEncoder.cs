using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Dann;
using SpeechDisentangle.Models.Sit;
using SpeechDisentangle.Models.VoiceConversion.AdaIn;
using SpeechDisentangle.Models.VoiceConversion.Adversarial;

namespace SpeechDisentangle.Models.Extraction;

/// <summary>One utterance through a speech encoder: per-frame outputs (row-major, Rows x dim) and one pooled embedding.</summary>
public sealed record EncodedUtterance(float[] Frames, int Rows, float[] Embedding);

/// <summary>
/// The speech encoder of a trained model as `sdt extract` uses it: what input it takes (bins, normalisation, the
/// fewest frames) and how it turns one utterance into frames and an embedding. Encode may run on several threads.
/// </summary>
public abstract class ExtractEncoder
{
    /// <summary>The model kind, as config.yaml names it.</summary>
    public abstract string Kind { get; }

    public abstract int InputBins { get; }

    /// <summary>The fewest input frames that give one output frame.</summary>
    public abstract int MinFrames { get; }

    public abstract int FrameDim { get; }

    public abstract int EmbeddingDim { get; }

    /// <summary>The CMVN the model was trained with, applied by <see cref="FeatureDataDir.Load"/>.</summary>
    public abstract CmvnMode Cmvn { get; }

    public abstract bool NormVars { get; }

    /// <summary>Puts the model in evaluation mode.</summary>
    public abstract void Eval();

    /// <summary>Encodes one normalised utterance, without gradients.</summary>
    public abstract EncodedUtterance Encode(SpeechUtterance utterance);

    /// <summary>
    /// The encoder of <paramref name="experiment"/>: sit and dann-speech (their <see cref="Common.Encoders.SpeechEncoder"/>),
    /// vc-adain and vc-adv (their content encoders), fed features normalised as <paramref name="normalisation"/> says
    /// (<see cref="ExtractFrontEnd"/>: the experiment's recorded front end).
    /// </summary>
    public static ExtractEncoder For(LoadedExperiment experiment, ModelNormalisation normalisation)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(normalisation);
        var (cmvn, normVars, offset, scale) = normalisation;
        switch (experiment.Model)
        {
            case SitObjective sit:
                return new SpeechEncoderExtract("sit", sit.Model.Encoder, cmvn, normVars);
            case DannObjective { Model.Features: Dann.SpeechFeatureExtractor speech }:
                return new SpeechEncoderExtract("dann-speech", speech.Encoder, cmvn, normVars);
            case AdaInVcObjective adain:
                return new VcContentExtract("vc-adain", adain.Model, adain.Model.Options.NMels, adain.Model.Options.ContentChannels,
                    mel => adain.Model.EncodeContent(mel).Mean, offset, scale);
            case AdversarialVcObjective adv:
                return new VcContentExtract("vc-adv", adv.Model, adv.Model.Options.NMels, adv.Model.Options.CodeChannels,
                    adv.Model.Encode, offset, scale);
            default:
                throw new ArgumentException(NotASpeechEncoder(experiment.Config));
        }
    }

    /// <summary>The error for a checkpoint of a model without a speech encoder.</summary>
    public static string NotASpeechEncoder(RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return $"the checkpoint is a '{config.Model}' model; extract needs a speech encoder: sit, dann-speech, vc-adain or vc-adv";
    }
}
