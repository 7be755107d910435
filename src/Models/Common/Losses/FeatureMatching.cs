using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Losses;

/// <summary>
/// Feature matching (Larsen et al. 2016; MelGAN, HiFi-GAN): L1 between a discriminator's hidden activations on
/// generated and on real input, layer by layer, the real ones detached (they are targets). The generator is asked to
/// match the statistics the discriminator looks at, not only its verdict.
/// </summary>
public static class FeatureMatching
{
    /// <summary>Sum over layers of mean |fake − real| (HiFi-GAN's form); the layers must pair up.</summary>
    public static Tensor SumOverLayers(IReadOnlyList<Tensor> fake, IReadOnlyList<Tensor> real)
    {
        ArgumentNullException.ThrowIfNull(fake);
        ArgumentNullException.ThrowIfNull(real);
        if (fake.Count != real.Count || fake.Count == 0)
            throw new ArgumentException($"feature matching needs the same non-zero number of layers (fake {fake.Count}, real {real.Count})");
        var total = nn.functional.l1_loss(fake[0], real[0].detach());
        for (var i = 1; i < fake.Count; i++) total += nn.functional.l1_loss(fake[i], real[i].detach());
        return total;
    }
}
