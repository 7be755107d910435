using SpeechDisentangle.Models.Images.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.VaeGan;

/// <summary>The plain VAE's networks: encoder q(z|x) and decoder (the shared DCGAN generator).</summary>
public sealed class VaeNet : nn.Module
{
    private readonly VaeEncoder encoder;
    private readonly nn.Module<Tensor, Tensor> decoder;

    public VaeNet(int latentDim, int baseChannels) : base(nameof(VaeNet))
    {
        encoder = new VaeEncoder(latentDim, baseChannels);
        decoder = ImageNets.Generator(latentDim, baseChannels);
        RegisterComponents();
    }

    public VaeEncoder Encoder => encoder;

    public nn.Module<Tensor, Tensor> Decoder => decoder;
}
