using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.IO;

/// <summary>Anti-aliasing filter settings for <see cref="Resampler"/> (Kaiser-windowed sinc).</summary>
public sealed record ResamplerOptions : IValidatable
{
    /// <summary>Cutoff as a fraction of the lower of the two Nyquist frequencies (default 0.92).</summary>
    public double Rolloff { get; init; } = 0.92;

    /// <summary>Sinc zero crossings on each side of the centre tap; more = sharper transition, slower (default 32).</summary>
    public int ZeroCrossings { get; init; } = 32;

    /// <summary>Kaiser window beta; 9 gives roughly 90 dB of stopband attenuation.</summary>
    public double KaiserBeta { get; init; } = 9.0;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!(Rolloff > 0 && Rolloff <= 1)) errors.Add($"Rolloff must be in (0, 1] (got {Rolloff})");
        if (ZeroCrossings < 1 || ZeroCrossings > 1024) errors.Add($"ZeroCrossings must be in [1, 1024] (got {ZeroCrossings})");
        if (!(KaiserBeta >= 0 && KaiserBeta <= 50)) errors.Add($"KaiserBeta must be in [0, 50] (got {KaiserBeta})");
        return errors;
    }
}
