using SpeechDisentangle.Common;

namespace SpeechDisentangle.Models.Images.Common;

/// <summary>Size of <see cref="MnistFeatureClassifier"/>.</summary>
public sealed record MnistClassifierOptions : IValidatable
{
    public int BaseChannels { get; init; } = 32;
    /// <summary>Width of the penultimate layer, the features Frechet distance is measured on.</summary>
    public int FeatureDim { get; init; } = 128;
    public int Classes { get; init; } = 10;
    public double Dropout { get; init; } = 0.3;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!(BaseChannels > 0)) errors.Add($"base_channels must be > 0 (got {BaseChannels})");
        if (!(FeatureDim > 0)) errors.Add($"feature_dim must be > 0 (got {FeatureDim})");
        if (!(Classes >= 2)) errors.Add($"classes must be >= 2 (got {Classes})");
        if (!(Dropout >= 0 && Dropout <= 0.95)) errors.Add($"dropout must be in [0, 0.95] (got {Dropout})");
        return errors;
    }
}
