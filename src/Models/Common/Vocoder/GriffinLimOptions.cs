using SpeechDisentangle.Common;

namespace SpeechDisentangle.Models.Common.Vocoder;

/// <summary>Settings of <see cref="GriffinLimVocoder"/>.</summary>
public sealed record GriffinLimOptions : IValidatable
{
    /// <summary>
    /// Multiplicative non-negative least-squares updates (Lee and Seung) that refine the clamped pseudo-inverse
    /// estimate of the linear spectrum, so its mel matches the input better; 0 = clamped pseudo-inverse only.
    /// </summary>
    public int NnlsIterations { get; init; } = 30;

    /// <summary>Phase-recovery iterations (torchaudio's default is 32).</summary>
    public int Iterations { get; init; } = 32;

    /// <summary>Fast Griffin-Lim momentum (Perraudin et al. 2013); 0 = plain Griffin-Lim. Must be in [0, 1).</summary>
    public double Momentum { get; init; } = 0.99;

    /// <summary>Start from random phases (seeded) rather than zero phase.</summary>
    public bool RandomInit { get; init; } = true;

    /// <summary>Seed of the initial random phases, so synthesis repeats exactly.</summary>
    public long Seed { get; init; }

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (Iterations < 0) errors.Add($"iterations must be >= 0 (is {Iterations})");
        if (NnlsIterations < 0) errors.Add($"nnls_iterations must be >= 0 (is {NnlsIterations})");
        if (Momentum is < 0 or >= 1) errors.Add($"momentum must be in [0, 1) (is {Momentum})");
        return errors;
    }
}
