using SpeechDisentangle.Models.Common.Noise;
using SpeechDisentangle.Models.Images.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.VaeGan;

/// <summary>Gaussian encoder q(z|x): image [B, 1, 28, 28] -> (mean, log-variance) [B, latentDim] each.</summary>
public sealed class VaeEncoder : nn.Module<Tensor, (Tensor Mean, Tensor LogVar)>
{
    private readonly nn.Module<Tensor, Tensor> body;
    private readonly nn.Module<Tensor, Tensor> head;
    private readonly int latentDim;

    public VaeEncoder(int latentDim, int baseChannels) : base(nameof(VaeEncoder))
    {
        body = ImageNets.ConvBody(baseChannels);
        head = nn.Linear(ImageNets.BodyFeatures(baseChannels), 2L * latentDim);
        this.latentDim = latentDim;
        RegisterComponents();
    }

    public override (Tensor Mean, Tensor LogVar) forward(Tensor x)
    {
        var h = head.forward(body.forward(x));
        return (h.narrow(1, 0, latentDim), h.narrow(1, latentDim, latentDim));
    }

    /// <summary>z = mean + exp(logvar / 2) * eps with eps drawn from <paramref name="generator"/>.</summary>
    public static Tensor Reparameterize(Tensor mean, Tensor logVar, Generator? generator) =>
        mean + ((0.5 * logVar).exp() * ImageNoise.Normal(mean.shape, mean.device, generator));

    /// <summary>KL(q(z|x) || N(0, I)) summed over latent dimensions, averaged over the batch.</summary>
    public static Tensor KlToStandardNormal(Tensor mean, Tensor logVar) =>
        (-0.5 * (1 + logVar - mean.pow(2) - logVar.exp())).sum(1).mean();
}
