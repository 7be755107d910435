using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Vocoder;

/// <summary>
/// The multi-resolution STFT loss of Parallel WaveGAN (Yamamoto et al. 2020): at each FFT size, spectral convergence
/// ‖|S| − |Ŝ|‖_F / ‖|S|‖_F plus the L1 distance of log magnitudes; averaged over the sizes. Several sizes keep the
/// vocoder from fitting one time-frequency trade-off only.
/// </summary>
public sealed class MultiResolutionStftLoss : IDisposable
{
    private readonly (int Fft, int Hop, Tensor Window)[] _resolutions;

    public MultiResolutionStftLoss(IReadOnlyList<int> fftSizes)
    {
        ArgumentNullException.ThrowIfNull(fftSizes);
        if (fftSizes.Count == 0) throw new ArgumentException("need at least one STFT resolution", nameof(fftSizes));
        _resolutions = [.. fftSizes.Select(n => (n, n / 4, hann_window(n, periodic: true, dtype: ScalarType.Float32)))];
    }

    /// <summary>(spectral convergence, log-magnitude L1), each averaged over the resolutions; audio [B, L] both.</summary>
    public (Tensor SpectralConvergence, Tensor LogMagnitude) Compute(Tensor predicted, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(target);
        if (!predicted.shape.SequenceEqual(target.shape))
            throw new ArgumentException($"predicted [{string.Join(", ", predicted.shape)}] and target [{string.Join(", ", target.shape)}] audio differ in shape");
        using var scope = NewDisposeScope();
        Tensor convergence = zeros(1, device: predicted.device).squeeze(), logMagnitude = convergence;
        foreach (var (fft, hop, window) in _resolutions)
        {
            var p = Magnitude(predicted, fft, hop, window);
            var t = Magnitude(target, fft, hop, window);
            convergence = convergence + ((t - p).norm() / t.norm().clamp_min(1e-7));
            logMagnitude = logMagnitude + (p.log() - t.log()).abs().mean();
        }
        int n = _resolutions.Length;
        return ((convergence / n).MoveToOuterDisposeScope(), (logMagnitude / n).MoveToOuterDisposeScope());
    }

    /// <summary>|STFT|, floored so that its log stays finite on silence.</summary>
    private static Tensor Magnitude(Tensor audio, int fft, int hop, Tensor window) =>
        stft(audio, fft, hop, fft, window.to(audio.device), center: true, pad_mode: TorchSharp.PaddingModes.Reflect,
            normalized: false, onesided: true, return_complex: true).abs().clamp_min(1e-5);

    public void Dispose()
    {
        foreach (var r in _resolutions) r.Window.Dispose();
    }
}
