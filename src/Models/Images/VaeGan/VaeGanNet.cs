using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Images.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.VaeGan;

/// <summary>
/// VAE-GAN's networks: encoder, decoder (= generator) and a discriminator whose body output is the
/// learned similarity space Dis_l.
/// </summary>
public sealed class VaeGanNet : nn.Module
{
    private readonly VaeEncoder encoder;
    private readonly nn.Module<Tensor, Tensor> decoder;
    private readonly nn.Module<Tensor, Tensor> discriminatorBody;
    private readonly nn.Module<Tensor, Tensor> discriminatorHead;

    public VaeGanNet(VaeGanOptions options) : base(nameof(VaeGanNet))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        encoder = new VaeEncoder(options.LatentDim, options.BaseChannels);
        decoder = ImageNets.Generator(options.LatentDim, options.BaseChannels);
        discriminatorBody = ImageNets.ConvBody(options.BaseChannels);
        discriminatorHead = nn.Linear(ImageNets.BodyFeatures(options.BaseChannels), 1);
        RegisterComponents();
    }

    public VaeGanOptions Options { get; }

    public VaeEncoder Encoder => encoder;

    public nn.Module<Tensor, Tensor> Decoder => decoder;

    public IReadOnlyList<TorchSharp.Modules.Parameter> DiscriminatorParameters =>
        ModuleExtensions.ParametersOf(discriminatorBody, discriminatorHead);

    /// <summary>Dis_l features [B, F] and real/fake logits [B] of one image batch.</summary>
    public (Tensor Features, Tensor Logits) Discriminate(Tensor images)
    {
        var features = discriminatorBody.forward(images);
        return (features, discriminatorHead.forward(features).squeeze(1));
    }
}
