namespace SpeechDisentangle.Models.Images.VaeGan;

/// <summary>VAE-GAN on MNIST: reconstruction error measured in the discriminator's feature space.</summary>
public sealed class VaeGanTask : AutoencoderTask<VaeGanOptions, VaeGan>
{
    public override string Name => "vaegan";
    public override string Description => "VAE-GAN (Larsen et al. 2016): VAE whose reconstruction error is measured on discriminator features.";

    protected override VaeGan Create(VaeGanOptions options) => new(new VaeGanNet(options));
}
