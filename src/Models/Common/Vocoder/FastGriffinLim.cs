using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Vocoder;

/// <summary>
/// Fast Griffin-Lim phase recovery (Perraudin et al. 2013): alternately make the spectrogram consistent (inverse STFT
/// then STFT) and put the given magnitude back, extrapolating with momentum. Griffin-Lim runs it from random phases;
/// the neural vocoder can run a few iterations from its own phase.
/// </summary>
public static class FastGriffinLim
{
    /// <summary>Audio [.., (T − 1) · HopLength] of magnitude [.., FrequencyBins, T] with the phase recovered from <paramref name="angles"/>.</summary>
    /// <param name="angles">Complex start phases e^{iφ}, same shape as the magnitude.</param>
    /// <param name="momentum">In [0, 1); 0 is plain Griffin-Lim.</param>
    public static Tensor Synthesize(Tensor magnitude, Tensor angles, MelSpec spec, Tensor window, int iterations, double momentum)
    {
        ArgumentNullException.ThrowIfNull(magnitude);
        ArgumentNullException.ThrowIfNull(angles);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        if (momentum is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1)");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        long length = (magnitude.shape[^1] - 1) * spec.HopLength;
        window = window.to(magnitude.device);
        var current = angles.alias();
        var previous = zeros_like(angles);
        var acceleration = momentum / (1.0 + momentum);
        for (var i = 0; i < iterations; i++)
        {
            using var step = NewDisposeScope();
            var audio = FrontEndStft.Synthesise(magnitude * current, spec, window, length);
            var rebuilt = FrontEndStft.Analyse(audio, spec, window);
            var next = acceleration > 0 ? rebuilt - (previous * acceleration) : rebuilt;
            next = next / (next.abs() + 1e-16);
            // Keep only the current iterate alive: many iterations of full spectrograms add up on a GPU.
            current.Dispose();
            previous.Dispose();
            current = next.MoveToOuterDisposeScope();
            previous = rebuilt.MoveToOuterDisposeScope();
        }
        return FrontEndStft.Synthesise(magnitude * current, spec, window, length).MoveToOuterDisposeScope();
    }
}
