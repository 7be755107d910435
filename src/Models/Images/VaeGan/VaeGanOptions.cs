using SpeechDisentangle.Models.Training;

namespace SpeechDisentangle.Models.Images;

/// <summary>Sizes and weights of <see cref="VaeGan"/> (Larsen et al. 2016).</summary>
public sealed record VaeGanOptions
{
    public int LatentDim { get; init; } = 32;
    public int BaseChannels { get; init; } = 32;
    /// <summary>
    /// gamma: weight of the Dis_l reconstruction term against the GAN term in the decoder's loss
    /// (decoder loss = Gamma * L_llike + L_GAN). L_llike is 0.5 * squared feature error summed per image.
    /// </summary>
    public double Gamma { get; init; } = 1e-2;
    /// <summary>Weight of the KL prior term in the encoder's loss (encoder loss = KlWeight * L_prior + L_llike).</summary>
    public double KlWeight { get; init; } = 1.0;
    public OptimizerSettings EncoderOptimizer { get; init; } = new() { LearningRate = 3e-4 };
    public OptimizerSettings DecoderOptimizer { get; init; } = new() { LearningRate = 3e-4 };
    public OptimizerSettings DiscriminatorOptimizer { get; init; } = new() { LearningRate = 3e-4 };

    public void Validate()
    {
        var e = new OptionErrors(nameof(VaeGanOptions));
        e.Positive(LatentDim, nameof(LatentDim));
        e.Positive(BaseChannels, nameof(BaseChannels));
        e.NonNegative(Gamma, nameof(Gamma));
        e.NonNegative(KlWeight, nameof(KlWeight));
        e.Require(EncoderOptimizer is not null, $"{nameof(EncoderOptimizer)} is required");
        e.Require(DecoderOptimizer is not null, $"{nameof(DecoderOptimizer)} is required");
        e.Require(DiscriminatorOptimizer is not null, $"{nameof(DiscriminatorOptimizer)} is required");
        e.ThrowIfAny();
    }
}
