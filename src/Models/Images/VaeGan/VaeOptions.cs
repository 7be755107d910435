using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Training;

namespace SpeechDisentangle.Models.Images.VaeGan;

/// <summary>Sizes and weights of the plain <see cref="Vae"/>.</summary>
public sealed record VaeOptions
{
    public int LatentDim { get; init; } = 32;
    public int BaseChannels { get; init; } = 32;
    /// <summary>Weight of the KL term against the per-image summed squared pixel error.</summary>
    public double KlWeight { get; init; } = 1.0;
    /// <summary>Optimizer "main" (encoder + decoder).</summary>
    public OptimizerSettings Optimizer { get; init; } = new() { LearningRate = 1e-3, Beta1 = 0.9 };

    public void Validate()
    {
        var e = new OptionErrors(nameof(VaeOptions));
        e.Positive(LatentDim, nameof(LatentDim));
        e.Positive(BaseChannels, nameof(BaseChannels));
        e.NonNegative(KlWeight, nameof(KlWeight));
        e.Require(Optimizer is not null, $"{nameof(Optimizer)} is required");
        e.ThrowIfAny();
    }
}
