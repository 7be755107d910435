using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Config;

namespace SpeechDisentangle.Models.Images.BiGan;

/// <summary>Sizes of <see cref="BiGan"/> (BiGAN, Donahue et al. 2017 / ALI, Dumoulin et al. 2017).</summary>
[MovedKey("generator_optimizer", "optimizers.generator")]
[MovedKey("discriminator_optimizer", "optimizers.discriminator")]
public sealed record BiGanOptions : IValidatable
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

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!(LatentDim > 0)) errors.Add($"latent_dim must be > 0 (got {LatentDim})");
        if (!(BaseChannels > 0)) errors.Add($"base_channels must be > 0 (got {BaseChannels})");
        if (!(JointHidden > 0)) errors.Add($"joint_hidden must be > 0 (got {JointHidden})");
        if (!(ReconstructionWeight >= 0)) errors.Add($"reconstruction_weight must be >= 0 (got {ReconstructionWeight})");
        return errors;
    }
}
