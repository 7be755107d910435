using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Losses;

/// <summary>
/// Least-squares GAN losses (Mao et al. 2017) and feature matching (Larsen et al. 2016), as MelGAN and HiFi-GAN train
/// their discriminators: the squared distance of raw outputs to 1 (real) or 0 (fake) never saturates, so a
/// confident discriminator still hands the generator a gradient.
/// </summary>
public static class LeastSquaresGanLosses
{
    /// <summary>mean((outputs − 1)²): the loss for outputs that should say "real".</summary>
    public static Tensor Real(Tensor outputs) => (outputs - 1).square().mean();

    /// <summary>mean(outputs²): the loss for outputs that should say "fake".</summary>
    public static Tensor Fake(Tensor outputs) => outputs.square().mean();

    /// <summary>
    /// Mean over layers of L1(fake features, real features), the real ones detached (<see cref="Losses.FeatureMatching"/>).
    /// A mean rather than HiFi-GAN's sum, so the weight does not depend on the discriminator's depth.
    /// </summary>
    public static Tensor FeatureMatching(IReadOnlyList<Tensor> fake, IReadOnlyList<Tensor> real) =>
        Losses.FeatureMatching.SumOverLayers(fake, real) / fake.Count;
}
