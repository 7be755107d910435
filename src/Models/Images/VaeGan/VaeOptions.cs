using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Config;

namespace SpeechDisentangle.Models.Images.VaeGan;

/// <summary>Sizes and weights of the plain <see cref="Vae"/>.</summary>
[MovedKey("optimizer", "optimizers.main")]
public sealed record VaeOptions : IValidatable
{
    public int LatentDim { get; init; } = 32;
    public int BaseChannels { get; init; } = 32;
    /// <summary>Weight of the KL term against the per-image summed squared pixel error.</summary>
    public double KlWeight { get; init; } = 1.0;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!(LatentDim > 0)) errors.Add($"latent_dim must be > 0 (got {LatentDim})");
        if (!(BaseChannels > 0)) errors.Add($"base_channels must be > 0 (got {BaseChannels})");
        if (!(KlWeight >= 0)) errors.Add($"kl_weight must be >= 0 (got {KlWeight})");
        return errors;
    }
}
