using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Images.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.VaeGan;

/// <summary>The plain VAE's networks: encoder q(z|x) and decoder (the shared DCGAN generator).</summary>
public sealed class VaeNet : nn.Module
{
    private readonly VaeEncoder encoder;
    private readonly nn.Module<Tensor, Tensor> decoder;

    public VaeNet(VaeOptions options) : base(nameof(VaeNet))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        encoder = new VaeEncoder(options.LatentDim, options.BaseChannels);
        decoder = ImageNets.Generator(options.LatentDim, options.BaseChannels);
        RegisterComponents();
    }

    public VaeOptions Options { get; }

    public VaeEncoder Encoder => encoder;

    public nn.Module<Tensor, Tensor> Decoder => decoder;
}
