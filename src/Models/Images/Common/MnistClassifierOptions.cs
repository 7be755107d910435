using SpeechDisentangle.Models.Core.Config;

namespace SpeechDisentangle.Models.Images.Common;

/// <summary>Size of <see cref="MnistFeatureClassifier"/>.</summary>
public sealed record MnistClassifierOptions
{
    public int BaseChannels { get; init; } = 32;
    /// <summary>Width of the penultimate layer, the features Frechet distance is measured on.</summary>
    public int FeatureDim { get; init; } = 128;
    public int Classes { get; init; } = 10;
    public double Dropout { get; init; } = 0.3;

    public void Validate()
    {
        var e = new OptionErrors(nameof(MnistClassifierOptions));
        e.Positive(BaseChannels, nameof(BaseChannels));
        e.Positive(FeatureDim, nameof(FeatureDim));
        e.Require(Classes >= 2, $"Classes must be >= 2 (got {Classes})");
        e.InRange(Dropout, 0, 0.95, nameof(Dropout));
        e.ThrowIfAny();
    }
}
