using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.Common;

/// <summary>D(x, z): image features and a latent embedding concatenated, then an MLP -> logit [B].</summary>
public sealed class JointDiscriminator : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> imagePath;
    private readonly nn.Module<Tensor, Tensor> latentPath;
    private readonly nn.Module<Tensor, Tensor> joint;

    /// <param name="conditionDim">Width of the second input (a latent z, or a one-hot label).</param>
    public JointDiscriminator(long conditionDim, int baseChannels, int hidden, double dropout = 0.2) : base(nameof(JointDiscriminator))
    {
        // No batch-norm: real and fake pairs are judged in separate calls.
        imagePath = ImageNets.ConvBody(baseChannels, batchNorm: false);
        latentPath = nn.Sequential(nn.Linear(conditionDim, hidden), nn.LeakyReLU(0.2));
        joint = nn.Sequential(
            nn.Dropout(dropout),
            nn.Linear(ImageNets.BodyFeatures(baseChannels) + hidden, hidden),
            nn.LeakyReLU(0.2),
            nn.Dropout(dropout),
            nn.Linear(hidden, 1));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor condition) =>
        joint.forward(cat([imagePath.forward(x), latentPath.forward(condition)], 1)).squeeze(1);
}
