using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Vocoder;

/// <summary>
/// Log-spectral distance between two waveforms of equal length: per STFT frame the RMS over bins of the difference
/// of their power spectra in dB, averaged over frames. Phase is ignored; 0 = identical magnitudes.
/// </summary>
public static class LogSpectralDistance
{
    /// <summary>Power below this (about −100 dB of full scale) counts as this, so silent bins do not dominate.</summary>
    private const double PowerFloor = 1e-10;

    /// <summary>LSD in dB of audio [L] vs [L] with a Hann STFT of <paramref name="fft"/> / <paramref name="hop"/>.</summary>
    public static double Compute(Tensor reference, Tensor other, int fft = 400, int hop = 160)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(other);
        if (reference.dim() != 1 || !reference.shape.SequenceEqual(other.shape))
            throw new ArgumentException($"log-spectral distance needs two waveforms [L] of one length; got [{string.Join(", ", reference.shape)}] and [{string.Join(", ", other.shape)}]");
        if (reference.shape[0] < fft) throw new ArgumentException($"waveforms of {reference.shape[0]} samples are shorter than one {fft}-sample frame");
        using var scope = NewDisposeScope();
        var window = hann_window(fft, periodic: true, dtype: ScalarType.Float64);
        var a = PowerDb(reference.to(ScalarType.Float64), fft, hop, window);
        var b = PowerDb(other.to(ScalarType.Float64), fft, hop, window);
        return (a - b).pow(2).mean([0]).sqrt().mean().item<double>();
    }

    private static Tensor PowerDb(Tensor audio, int fft, int hop, Tensor window) =>
        stft(audio, fft, hop, fft, window, center: true, pad_mode: TorchSharp.PaddingModes.Reflect, normalized: false,
            onesided: true, return_complex: true).abs().pow(2).clamp_min(PowerFloor).log10() * 10.0;
}
