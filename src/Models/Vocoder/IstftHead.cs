using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Vocoder;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Vocoder;

/// <summary>
/// The Vocos output stage without weights: a log-magnitude and a phase per STFT bin and frame become a complex
/// spectrum (magnitude · (cos φ + i sin φ), so φ needs no wrapping) and then audio by torch.istft with the front
/// end's own window, hop and centring. Given the true magnitude and phase of a signal it gives the signal back.
/// </summary>
public sealed class IstftHead : IDisposable
{
    /// <summary>exp of a larger log-magnitude would overflow the loss early in training (Vocos clips at 100).</summary>
    private const double MaxLogMagnitude = 7.0;

    private readonly Tensor _window;

    public IstftHead(MelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        _window = hann_window(spec.WinLength, periodic: true, dtype: ScalarType.Float32);
    }

    public MelSpec Spec { get; }

    /// <summary>The synthesis window (periodic Hann of the front end's window length).</summary>
    public Tensor Window => _window;

    /// <summary>Audio [B, (T − 1) · HopLength] from log-magnitude and phase, each [B, FrequencyBins, T].</summary>
    public Tensor Synthesize(Tensor logMagnitude, Tensor phase)
    {
        ArgumentNullException.ThrowIfNull(logMagnitude);
        ArgumentNullException.ThrowIfNull(phase);
        if (logMagnitude.dim() != 3 || !logMagnitude.shape.SequenceEqual(phase.shape) || logMagnitude.shape[1] != Spec.FrequencyBins)
            throw new ArgumentException($"log-magnitude and phase must both be [B, {Spec.FrequencyBins}, T]; got [{string.Join(", ", logMagnitude.shape)}] and [{string.Join(", ", phase.shape)}]");
        using var scope = NewDisposeScope();
        var magnitude = logMagnitude.clamp_max(MaxLogMagnitude).exp();
        var spectrum = complex(magnitude * phase.cos(), magnitude * phase.sin());
        long length = (logMagnitude.shape[2] - 1) * Spec.HopLength;
        var audio = FrontEndStft.Synthesise(spectrum, Spec, _window.to(logMagnitude.device), length);
        return audio.MoveToOuterDisposeScope();
    }

    public void Dispose() => _window.Dispose();
}
