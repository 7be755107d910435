using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.Common;

/// <summary>
/// The small DCGAN-style building blocks for 28x28 single-channel images shared by all image models.
/// Images are in [-1, 1] (generators end in tanh).
/// </summary>
public static class ImageNets
{
    /// <summary>Side of the feature map after the two stride-2 convolutions (28 -> 14 -> 7).</summary>
    public const int MapSide = 7;

    /// <summary>Length of the flattened features <see cref="ConvBody"/> returns.</summary>
    public static long BodyFeatures(int baseChannels) => 2L * baseChannels * MapSide * MapSide;

    /// <summary>
    /// Generator: vector [B, inputDim] -> image [B, 1, 28, 28] in [-1, 1] via linear, then two stride-2
    /// transposed convolutions (7 -> 14 -> 28).
    /// </summary>
    public static nn.Module<Tensor, Tensor> Generator(long inputDim, int baseChannels) => nn.Sequential(
        nn.Linear(inputDim, BodyFeatures(baseChannels)),
        nn.BatchNorm1d(BodyFeatures(baseChannels)),
        nn.ReLU(),
        nn.Unflatten(1, [2L * baseChannels, MapSide, MapSide]),
        nn.ConvTranspose2d(2L * baseChannels, baseChannels, 4, stride: 2, padding: 1),
        nn.BatchNorm2d(baseChannels),
        nn.ReLU(),
        nn.ConvTranspose2d(baseChannels, 1, 4, stride: 2, padding: 1),
        nn.Tanh());

    /// <summary>
    /// Convolutional body: image [B, 1, 28, 28] -> flat features [B, <see cref="BodyFeatures"/>]. Discriminators
    /// and encoders put their heads on it.
    /// </summary>
    public static nn.Module<Tensor, Tensor> ConvBody(int baseChannels, bool batchNorm = true)
    {
        var layers = new List<nn.Module<Tensor, Tensor>>
        {
            nn.Conv2d(1, baseChannels, 4, stride: 2, padding: 1),
            nn.LeakyReLU(0.2),
            nn.Conv2d(baseChannels, 2L * baseChannels, 4, stride: 2, padding: 1),
        };
        if (batchNorm) layers.Add(nn.BatchNorm2d(2L * baseChannels));
        layers.Add(nn.LeakyReLU(0.2));
        layers.Add(nn.Flatten());
        return nn.Sequential(layers);
    }
}
