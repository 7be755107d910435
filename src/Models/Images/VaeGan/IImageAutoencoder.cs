using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.VaeGan;

/// <summary>An image model with an encoder and a decoder (VAE, VAE-GAN), for the shared metrics.</summary>
public interface IImageAutoencoder
{
    /// <summary>The module holding encoder and decoder.</summary>
    nn.Module Module { get; }

    /// <summary>Decoder(encoder mean(x)) in eval mode; images [N, 1, 28, 28] in [-1, 1] on the CPU.</summary>
    Tensor Reconstruct(Tensor x, int batchSize = 256);

    /// <summary>Decoder(z), z ~ N(0, I), in eval mode; images on the CPU.</summary>
    Tensor Sample(int n, Generator? generator = null);
}
