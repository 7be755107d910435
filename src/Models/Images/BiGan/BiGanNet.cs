using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Images.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.BiGan;

/// <summary>BiGAN's networks: encoder E(x) -> z, generator G(z) -> x and the joint discriminator D(x, z).</summary>
public sealed class BiGanNet : nn.Module
{
    private readonly nn.Module<Tensor, Tensor> encoder;
    // E's last hidden layer (its conv body), reachable without registering the body twice (checkpoint names stay).
    private readonly Func<Tensor, Tensor> encoderFeatures;
    private readonly nn.Module<Tensor, Tensor> generator;
    private readonly JointDiscriminator discriminator;

    public BiGanNet(BiGanOptions options) : base(nameof(BiGanNet))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var encoderBody = ImageNets.ConvBody(options.BaseChannels);
        encoder = nn.Sequential(encoderBody, nn.Linear(ImageNets.BodyFeatures(options.BaseChannels), options.LatentDim));
        encoderFeatures = encoderBody.forward;
        generator = ImageNets.Generator(options.LatentDim, options.BaseChannels);
        discriminator = new JointDiscriminator(options.LatentDim, options.BaseChannels, options.JointHidden);
        RegisterComponents();
    }

    public BiGanOptions Options { get; }

    public nn.Module<Tensor, Tensor> Encoder => encoder;

    /// <summary>E's last hidden layer for images [B, 1, 28, 28]: flat features [B, BodyFeatures] (before E's output layer).</summary>
    public Tensor EncoderFeatures(Tensor x) => encoderFeatures(x);

    public nn.Module<Tensor, Tensor> Generator => generator;

    public JointDiscriminator Discriminator => discriminator;
}
