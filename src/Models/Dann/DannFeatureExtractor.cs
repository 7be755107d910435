using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>Batch normalisation in a DANN feature extractor.</summary>
public enum DannBatchNorm
{
    /// <summary>No batch normalisation.</summary>
    None,

    /// <summary>One set of statistics; in training each domain's rows are normalised by their own batch statistics.</summary>
    Shared,

    /// <summary>Separate running statistics and affine parameters per domain, in training and at test time.</summary>
    PerDomain,
}

/// <summary>
/// The feature extractor G_f of a DANN: reads whatever keys its input needs from a batch and returns features
/// [B, <see cref="OutputDim"/>]. Implementations: <see cref="SpeechFeatureExtractor"/> (pooled speech encoder),
/// <see cref="DigitCnn"/> (28x28 / 32x32 images), <see cref="MlpExtractor"/> (plain vectors).
/// </summary>
public abstract class DannFeatureExtractor : nn.Module<Batch, Tensor>
{
    protected DannFeatureExtractor(string name) : base(name) { }

    /// <summary>Size of one example's features.</summary>
    public abstract long OutputDim { get; }

    /// <summary>How the extractor normalises; with batch statistics, source and target rows need separate passes.</summary>
    public virtual DannBatchNorm BatchNorm => DannBatchNorm.None;

    /// <summary>The domain of the rows in the next forward pass (0 source, 1 target); used by per-domain normalisation.</summary>
    public virtual int Domain
    {
        set { }
    }
}
