namespace SpeechDisentangle.Audio.IO;

/// <summary>Anti-aliasing filter settings for <see cref="Resampler"/> (Kaiser-windowed sinc).</summary>
public sealed record ResamplerOptions
{
    /// <summary>Cutoff as a fraction of the lower of the two Nyquist frequencies (default 0.92).</summary>
    public double Rolloff { get; init; } = 0.92;

    /// <summary>Sinc zero crossings on each side of the centre tap; more = sharper transition, slower (default 32).</summary>
    public int ZeroCrossings { get; init; } = 32;

    /// <summary>Kaiser window beta; 9 gives roughly 90 dB of stopband attenuation.</summary>
    public double KaiserBeta { get; init; } = 9.0;

    /// <summary>Every invalid setting, empty when all are valid.</summary>
    public IReadOnlyList<string> GetErrors()
    {
        var errors = new List<string>();
        if (!(Rolloff > 0 && Rolloff <= 1)) errors.Add($"Resampler.Rolloff must be in (0, 1] (got {Rolloff})");
        if (ZeroCrossings < 1 || ZeroCrossings > 1024) errors.Add($"Resampler.ZeroCrossings must be in [1, 1024] (got {ZeroCrossings})");
        if (!(KaiserBeta >= 0 && KaiserBeta <= 50)) errors.Add($"Resampler.KaiserBeta must be in [0, 50] (got {KaiserBeta})");
        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid setting at once.</summary>
    public void Validate()
    {
        IReadOnlyList<string> errors = GetErrors();
        if (errors.Count > 0) throw new ArgumentException("invalid ResamplerOptions: " + string.Join("; ", errors));
    }
}
