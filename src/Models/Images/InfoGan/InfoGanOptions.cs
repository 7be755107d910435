using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Config;

namespace SpeechDisentangle.Models.Images.InfoGan;

/// <summary>How InfoGAN scores the continuous codes Q recovers.</summary>
public enum ContinuousCodeLoss
{
    /// <summary>Factored Gaussian negative log-likelihood; Q predicts mean and log-variance (the paper).</summary>
    GaussianNll,
    /// <summary>Mean squared error of Q's mean (a unit-variance Gaussian up to a constant).</summary>
    Mse,
}

/// <summary>Distribution of InfoGAN's incompressible noise z.</summary>
public enum InfoGanNoise
{
    /// <summary>z ~ Uniform(-1, 1), as the reference code: smaller than N(0, 1), so the codes weigh more in G's input.</summary>
    Uniform,
    /// <summary>z ~ N(0, I).</summary>
    Normal,
}

/// <summary>Sizes and loss weights of <see cref="InfoGan"/>; defaults follow Chen et al. (2016) for MNIST.</summary>
[MovedKey("generator_optimizer", "optimizers.generator")]
[MovedKey("discriminator_optimizer", "optimizers.discriminator")]
public sealed record InfoGanOptions : IValidatable
{
    /// <summary>Length of the incompressible noise z.</summary>
    public int NoiseDim { get; init; } = 62;
    /// <summary>Distribution of z.</summary>
    public InfoGanNoise Noise { get; init; } = InfoGanNoise.Uniform;
    /// <summary>Initialise weights as DCGAN / the reference code (<see cref="InfoGanInit"/>); false keeps torch's defaults.</summary>
    public bool DcganInit { get; init; } = true;
    /// <summary>Categories of the categorical code c1 (uniform).</summary>
    public int Categories { get; init; } = 10;
    /// <summary>Continuous codes c2.. ~ Uniform(-1, 1).</summary>
    public int ContinuousCodes { get; init; } = 2;
    /// <summary>Channels of the first conv layer of D and the last hidden map of G (the second has twice as many).</summary>
    public int BaseChannels { get; init; } = 64;
    /// <summary>Width of the fully connected layer of G (after the codes) and of D (the features D and Q share).</summary>
    public int HiddenUnits { get; init; } = 1024;
    /// <summary>Hidden width of the Q head on the shared discriminator body.</summary>
    public int QHidden { get; init; } = 128;
    /// <summary>Weight of the categorical mutual-information term (cross-entropy of Q on the code).</summary>
    public double LambdaCat { get; init; } = 1.0;
    /// <summary>Weight of the continuous-code term (small, as the paper, so the continuous codes stay minor factors).</summary>
    public double LambdaCon { get; init; } = 0.1;
    /// <summary>
    /// Mse, a fixed-variance Gaussian as the reference code's (fix_std), bounds what a continuous code can gain at
    /// its variance (1/3). With a learned variance Q's confidence multiplies the pull (up to e^5 at the log-variance
    /// clamp); on MNIST the continuous codes then take over part of the digit identity (9 -> 7, 3 -> 5 along a code)
    /// and the categories end up sharing digits. Mse with weight 0.1 weakens this; it does not remove it.
    /// </summary>
    public ContinuousCodeLoss ContinuousLoss { get; init; } = ContinuousCodeLoss.Mse;
    /// <summary>
    /// Not in the paper: Q reads the codes from a randomly rotated (up to this many degrees), scaled
    /// (<see cref="InfoAugmentScale"/>) and shifted (<see cref="InfoAugmentShift"/>) copy of each fake (differentiable,
    /// so G learns through it); D's real/fake judgement sees the fakes as they are. A code Q must read through slant,
    /// size and position cannot be carried by them, which leaves digit identity. 0 = off.
    /// </summary>
    public double InfoAugmentRotation { get; init; }
    /// <summary>Largest relative scale change of Q's view of the fakes (see <see cref="InfoAugmentRotation"/>); 0 = none.</summary>
    public double InfoAugmentScale { get; init; }
    /// <summary>Largest shift (pixels, each axis) of Q's view of the fakes; 0 = none.</summary>
    public int InfoAugmentShift { get; init; }

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!(NoiseDim > 0)) errors.Add($"noise_dim must be > 0 (got {NoiseDim})");
        if (!(Categories >= 2)) errors.Add($"categories must be >= 2 (got {Categories})");
        if (!(ContinuousCodes >= 0)) errors.Add($"continuous_codes must be >= 0 (got {ContinuousCodes})");
        if (!(BaseChannels > 0)) errors.Add($"base_channels must be > 0 (got {BaseChannels})");
        if (!(HiddenUnits > 0)) errors.Add($"hidden_units must be > 0 (got {HiddenUnits})");
        if (!(QHidden > 0)) errors.Add($"q_hidden must be > 0 (got {QHidden})");
        if (!(LambdaCat >= 0)) errors.Add($"lambda_cat must be >= 0 (got {LambdaCat})");
        if (!(LambdaCon >= 0)) errors.Add($"lambda_con must be >= 0 (got {LambdaCon})");
        if (!(InfoAugmentRotation >= 0 && InfoAugmentRotation <= 180)) errors.Add($"info_augment_rotation must be in [0, 180] (got {InfoAugmentRotation})");
        if (!(InfoAugmentScale is >= 0 and < 1)) errors.Add($"info_augment_scale must be in [0, 1) (got {InfoAugmentScale})");
        if (!(InfoAugmentShift is >= 0 and <= 14)) errors.Add($"info_augment_shift must be in [0, 14] (got {InfoAugmentShift})");
        return errors;
    }
}
