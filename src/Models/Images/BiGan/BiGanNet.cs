using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images;

/// <summary>BiGAN's networks: encoder E(x) -> z, generator G(z) -> x and the joint discriminator D(x, z).</summary>
public sealed class BiGanNet : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> encoder;
    private readonly nn.Module<Tensor, Tensor> generator;
    private readonly JointDiscriminator discriminator;

    public BiGanNet(BiGanOptions options) : base(nameof(BiGanNet))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        encoder = nn.Sequential(
            ImageNets.ConvBody(options.BaseChannels),
            nn.Linear(ImageNets.BodyFeatures(options.BaseChannels), options.LatentDim));
        generator = ImageNets.Generator(options.LatentDim, options.BaseChannels);
        discriminator = new JointDiscriminator(options.LatentDim, options.BaseChannels, options.JointHidden);
        RegisterComponents();
    }

    public nn.Module<Tensor, Tensor> Encoder => encoder;

    public nn.Module<Tensor, Tensor> Generator => generator;

    public JointDiscriminator Discriminator => discriminator;
}
