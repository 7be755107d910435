using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Vocoder;

/// <summary>
/// The STFT of a <see cref="MelSpec"/>'s framing, both ways: centred frames, reflect padding, one-sided, unnormalised,
/// one frame per hop. The log-mel, Griffin-Lim and the neural vocoder's head all frame audio this way, so that one mel
/// frame is one STFT frame; the window is the caller's (its device and dtype decide the computation's).
/// </summary>
public static class FrontEndStft
{
    /// <summary>Complex STFT [.., FrequencyBins, 1 + L / HopLength] of audio [.., L].</summary>
    public static Tensor Analyse(Tensor audio, MelSpec spec, Tensor window)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(window);
        return stft(audio, spec.NFft, spec.HopLength, spec.WinLength, window, center: true,
            pad_mode: TorchSharp.PaddingModes.Reflect, normalized: false, onesided: true, return_complex: true);
    }

    /// <summary>Audio [.., <paramref name="length"/>] of a complex STFT [.., FrequencyBins, T] (the inverse of <see cref="Analyse"/>).</summary>
    public static Tensor Synthesise(Tensor spectrum, MelSpec spec, Tensor window, long length)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(window);
        return istft(spectrum, spec.NFft, spec.HopLength, spec.WinLength, window, center: true, normalized: false,
            onesided: true, length: length);
    }
}
