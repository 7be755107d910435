using SpeechDisentangle.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

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
}
