using static TorchSharp.torch;

namespace SpeechDisentangle.Models.VoiceConversion.Evaluation;

/// <summary>
/// How sharp a log-mel is across frequency: per frame, what is left after a moving average over
/// <see cref="SmoothingBands"/> neighbouring bands (harmonics and formant edges), as its variance over bands, averaged
/// over frames. Ratio = that of the other over that of the reference: 1 = as much fine structure, below 1 = smeared
/// (over-smoothed spectra with no visible harmonics). Time-wise <see cref="GlobalVariance"/> can stay near 1 while
/// this falls, since a decoder may keep how bands move over time and still blur across them.
/// </summary>
public static class SpectralFineStructure
{
    /// <summary>Width of the moving average across bands (odd).</summary>
    public const int SmoothingBands = 5;

    /// <param name="reference">Natural log-mel [NMels, T].</param>
    /// <param name="other">Log-mel [NMels, T'] on the same scale (need not be aligned).</param>
    public static double Ratio(Tensor reference, Tensor other)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(other);
        if (reference.dim() != 2 || other.dim() != 2 || reference.shape[0] != other.shape[0])
            throw new ArgumentException($"expected two log-mels [NMels, T] with the same bands; got [{string.Join(", ", reference.shape)}] and [{string.Join(", ", other.shape)}]");
        if (reference.shape[0] <= SmoothingBands) throw new ArgumentException($"fine structure needs more than {SmoothingBands} mel bands, got {reference.shape[0]}");
        double referenceEnergy = Energy(reference);
        if (referenceEnergy <= 0) throw new ArgumentException("the reference has no structure across bands (all frames flat)");
        return Energy(other) / referenceEnergy;
    }

    /// <summary>Mean over frames of the variance over bands of the log-mel minus its moving average across bands.</summary>
    public static double Energy(Tensor logMel)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        using var scope = NewDisposeScope();
        var frames = logMel.to(ScalarType.Float64).t().unsqueeze(1);  // [T, 1, NMels]: smooth along the bands
        var kernel = full(1, 1, SmoothingBands, 1.0 / SmoothingBands, dtype: ScalarType.Float64);
        var smooth = nn.functional.conv1d(frames, kernel);              // valid: [T, 1, NMels − SmoothingBands + 1]
        var centre = frames.narrow(2, SmoothingBands / 2, smooth.shape[2]);
        return (centre - smooth).squeeze(1).var(1).mean().item<double>();
    }
}
