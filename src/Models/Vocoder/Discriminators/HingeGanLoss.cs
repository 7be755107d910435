using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace SpeechDisentangle.Models.Vocoder.Discriminators;

/// <summary>
/// The GAN losses of Vocos (hinge, as in SAN / MelGAN) and HiFi-GAN's feature matching, each averaged over a list of
/// sub-discriminators (so adding periods does not scale the loss). Every score is averaged over its map.
/// </summary>
public static class HingeGanLoss
{
    /// <summary>Mean over discriminators of mean(relu(1 − real)) + mean(relu(1 + fake)): 0 once real scores ≥ 1 and fake ≤ −1.</summary>
    public static Tensor Discriminator(IReadOnlyList<DiscriminatorOutput> real, IReadOnlyList<DiscriminatorOutput> fake)
    {
        CheckPaired(real, fake);
        return MeanOver(real.Zip(fake), pair => relu(1 - pair.First.Scores).mean() + relu(1 + pair.Second.Scores).mean());
    }

    /// <summary>Mean over discriminators of mean(relu(1 − fake)): the generator wants its audio scored ≥ 1.</summary>
    public static Tensor Generator(IReadOnlyList<DiscriminatorOutput> fake)
    {
        ArgumentNullException.ThrowIfNull(fake);
        if (fake.Count == 0) throw new ArgumentException("no discriminator outputs", nameof(fake));
        return MeanOver(fake, d => relu(1 - d.Scores).mean());
    }

    /// <summary>Mean over discriminators of the sum over layers of mean |fake − real|, the real features detached (targets).</summary>
    public static Tensor FeatureMatching(IReadOnlyList<DiscriminatorOutput> real, IReadOnlyList<DiscriminatorOutput> fake)
    {
        CheckPaired(real, fake);
        return MeanOver(real.Zip(fake), pair => Common.Losses.FeatureMatching.SumOverLayers(pair.Second.Features, pair.First.Features));
    }

    private static Tensor MeanOver<T>(IEnumerable<T> items, Func<T, Tensor> loss)
    {
        var losses = items.Select(loss).ToList();
        return losses.Aggregate((a, b) => a + b) / losses.Count;
    }

    private static void CheckPaired(IReadOnlyList<DiscriminatorOutput> real, IReadOnlyList<DiscriminatorOutput> fake)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        if (real.Count == 0 || real.Count != fake.Count)
            throw new ArgumentException($"need the same, non-zero number of discriminator outputs for real and generated audio (got {real.Count} and {fake.Count})");
    }
}
