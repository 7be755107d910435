using SpeechDisentangle.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.Common;

/// <summary>
/// Small CNN classifier for 28x28 images in [-1, 1]: logits [B, Classes]. Its penultimate layer
/// (<see cref="Features"/>) is the feature space of the Frechet distance and the classifier of Triple-GAN.
/// </summary>
public sealed class MnistFeatureClassifier : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> body;
    private readonly nn.Module<Tensor, Tensor> features;
    private readonly nn.Module<Tensor, Tensor> dropout;
    private readonly nn.Module<Tensor, Tensor> output;

    public MnistFeatureClassifier(MnistClassifierOptions? options = null) : base(nameof(MnistFeatureClassifier))
    {
        Options = options ?? new MnistClassifierOptions();
        Options.Validate();
        body = ImageNets.ConvBody(Options.BaseChannels);
        features = nn.Sequential(nn.Linear(ImageNets.BodyFeatures(Options.BaseChannels), Options.FeatureDim), nn.ReLU());
        dropout = nn.Dropout(Options.Dropout);
        output = nn.Linear(Options.FeatureDim, Options.Classes);
        RegisterComponents();
    }

    public MnistClassifierOptions Options { get; }

    /// <summary>Penultimate features [B, FeatureDim].</summary>
    public Tensor Features(Tensor x) => features.forward(body.forward(x));

    public override Tensor forward(Tensor x) => output.forward(dropout.forward(Features(x)));
}
