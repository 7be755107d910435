using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Vocoder;

/// <summary>
/// Turns log-mel spectrograms back into audio. The seam lets a neural vocoder replace Griffin-Lim later.
/// </summary>
public interface IVocoder : IDisposable
{
    /// <summary>The front end whose output this vocoder inverts.</summary>
    MelSpec Spec { get; }

    /// <summary>
    /// Synthesises audio from a log-mel spectrogram, channels-first: [NMels, T] or [B, NMels, T], on any device.
    /// Returns float32 samples [L] or [B, L] on the same device, with L = (T - 1) · HopLength, on the scale the front end read
    /// (divided by <see cref="MelSpec.InputScale"/>).
    /// </summary>
    Tensor Synthesize(Tensor logMel);
}
