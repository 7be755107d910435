using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Training;

namespace SpeechDisentangle.Models.Images.BiGan;

/// <summary>Sizes of <see cref="BiGan"/> (BiGAN, Donahue et al. 2017 / ALI, Dumoulin et al. 2017).</summary>
public sealed record BiGanOptions
{
    public int LatentDim { get; init; } = 50;
    public int BaseChannels { get; init; } = 32;
    /// <summary>Width of the joint (x, z) layers of the discriminator.</summary>
    public int JointHidden { get; init; } = 256;
    /// <summary>
    /// Weight of ALICE's explicit cycle term (Li et al. 2017, "ALICE-l2"): mean squared error between x and G(E(x)),
    /// added to the generator turn. Pure BiGAN/ALI cannot tell which (x, z) pairing to learn among those with the same
    /// joint distribution; the term picks the one where E(x) keeps x. 0 = pure BiGAN.
    /// </summary>
    public double ReconstructionWeight { get; init; }
    /// <summary>Optimizer "generator": G and E together.</summary>
    public OptimizerSettings GeneratorOptimizer { get; init; } = new() { LearningRate = 2e-4 };
    public OptimizerSettings DiscriminatorOptimizer { get; init; } = new() { LearningRate = 2e-4 };

    public void Validate()
    {
        var e = new OptionErrors(nameof(BiGanOptions));
        e.Positive(LatentDim, nameof(LatentDim));
        e.Positive(BaseChannels, nameof(BaseChannels));
        e.Positive(JointHidden, nameof(JointHidden));
        e.NonNegative(ReconstructionWeight, nameof(ReconstructionWeight));
        e.Require(GeneratorOptimizer is not null, $"{nameof(GeneratorOptimizer)} is required");
        e.Require(DiscriminatorOptimizer is not null, $"{nameof(DiscriminatorOptimizer)} is required");
        e.ThrowIfAny();
    }
}
