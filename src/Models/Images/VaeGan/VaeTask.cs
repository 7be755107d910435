namespace SpeechDisentangle.Models.Images.VaeGan;

/// <summary>The plain VAE on MNIST: the baseline VAE-GAN is compared with.</summary>
public sealed class VaeTask : AutoencoderTask<VaeOptions, Vae>
{
    public override string Name => "vae";
    public override string Description => "Plain VAE (pixel-wise squared error + KL), the baseline for VAE-GAN.";

    protected override Vae Create(VaeOptions options) => new(new VaeNet(options));
}
