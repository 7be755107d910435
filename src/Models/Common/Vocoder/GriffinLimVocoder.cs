using SpeechDisentangle.Common;

using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Vocoder;

/// <summary>
/// Log-mel to audio without training: the mel filter bank is inverted by its pseudo-inverse (clamped at zero, then
/// refined by non-negative least squares) to a linear magnitude, whose phase is then recovered by fast Griffin-Lim
/// (torch stft/istft, so CPU or CUDA tensors alike).
/// </summary>
public sealed class GriffinLimVocoder : IVocoder
{
    private readonly GriffinLimOptions _options;
    private readonly Tensor _inverseFilterBank;  // [FrequencyBins, NMels]: pinv(fb^T)
    private readonly Tensor _filterBank;         // [FrequencyBins, NMels]
    private readonly Tensor _window;

    public GriffinLimVocoder(MelSpec spec, GriffinLimOptions? options = null)
    {
        spec.Validate();
        _options = options ?? new GriffinLimOptions();
        _options.Validate();
        Spec = spec;
        _filterBank = MelFilterBank.BuildTensor(spec);
        using (var fb64 = _filterBank.to(ScalarType.Float64))
        using (var fbT = fb64.t())
        using (var pinv = linalg.pinv(fbT))
            _inverseFilterBank = pinv.to(ScalarType.Float32);
        _window = hann_window(spec.WinLength, periodic: true, dtype: ScalarType.Float32);
    }

    public MelSpec Spec { get; }

    /// <summary>Non-negative least-squares linear magnitude |STFT| [.., FrequencyBins, T] of a log-mel [.., NMels, T].</summary>
    public Tensor LinearMagnitude(Tensor logMel)
    {
        CheckShape(logMel);
        using var scope = NewDisposeScope();
        var mel = TorchLogMel.FromLog(logMel.to(ScalarType.Float32), Spec);
        var linear = matmul(_inverseFilterBank.to(logMel.device), mel).clamp_min(0.0);
        if (_options.NnlsIterations > 0) linear = RefineNonNegative(linear, mel);
        var magnitude = Spec.Power == 1.0 ? linear : linear.pow(1.0 / Spec.Power);
        return magnitude.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Lee-Seung multiplicative updates for min ‖fb^T x − mel‖² with x ≥ 0: x ← x · (fb mel) / (fb fb^T x).
    /// Zeros stay zero under these updates, so the start is lifted by a small floor first.
    /// </summary>
    private Tensor RefineNonNegative(Tensor start, Tensor mel)
    {
        var fb = _filterBank.to(mel.device);
        var fbT = fb.t();
        var numerator = matmul(fb, mel);
        var gram = matmul(fb, fbT);
        var x = start + (start.mean([-2], keepdim: true) * 1e-3) + 1e-12;
        for (var i = 0; i < _options.NnlsIterations; i++)
            x = x * numerator / (matmul(gram, x) + 1e-12);
        return x;
    }

    public Tensor Synthesize(Tensor logMel)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var magnitude = LinearMagnitude(logMel);
        var frames = magnitude.shape[^1];
        var length = (frames - 1) * Spec.HopLength;
        var device = magnitude.device;
        var window = _window.to(device);

        Tensor angles;
        if (_options.RandomInit)
        {
            using var generator = new Generator((ulong)_options.Seed, CPU);
            var phase = rand(magnitude.shape, dtype: ScalarType.Float32, generator: generator).to(device) * (2.0 * Math.PI);
            angles = polar(ones_like(phase), phase);
        }
        else
        {
            angles = polar(ones_like(magnitude), zeros_like(magnitude));
        }

        // Fast Griffin-Lim: project onto consistent spectrograms, extrapolating with momentum.
        var previous = zeros_like(angles);
        var acceleration = _options.Momentum / (1.0 + _options.Momentum);
        for (var i = 0; i < _options.Iterations; i++)
        {
            using var step = NewDisposeScope();
            var audio = Inverse(magnitude * angles, window, length);
            var rebuilt = stft(audio, Spec.NFft, Spec.HopLength, Spec.WinLength, window, center: true,
                pad_mode: TorchSharp.PaddingModes.Reflect, normalized: false, onesided: true, return_complex: true);
            var next = acceleration > 0 ? rebuilt - (previous * acceleration) : rebuilt;
            next = next / (next.abs() + 1e-16);
            // Keep only the current iterate alive: 32 iterations of full spectrograms add up on a GPU.
            angles.Dispose();
            previous.Dispose();
            angles = next.MoveToOuterDisposeScope();
            previous = rebuilt.MoveToOuterDisposeScope();
        }
        var waveform = Inverse(magnitude * angles, window, length);
        if (Spec.InputScale != 1.0) waveform = waveform / Spec.InputScale;
        return waveform.MoveToOuterDisposeScope();
    }

    private Tensor Inverse(Tensor complexSpec, Tensor window, long length) =>
        istft(complexSpec, Spec.NFft, Spec.HopLength, Spec.WinLength, window, center: true, normalized: false,
            onesided: true, length: length);

    private void CheckShape(Tensor logMel)
    {
        if (logMel.dim() is not (2 or 3))
            throw new ArgumentException($"log-mel must be [NMels, T] or [B, NMels, T], got [{string.Join(", ", logMel.shape)}]");
        if (logMel.shape[^2] != Spec.NMels)
            throw new ArgumentException(
                $"log-mel has {logMel.shape[^2]} mel bands on dim -2 (channels-first expected), the MelSpec says {Spec.NMels}");
        if (logMel.shape[^1] < 2)
            throw new ArgumentException($"log-mel needs at least 2 frames, got {logMel.shape[^1]}");
    }

    public void Dispose()
    {
        _inverseFilterBank.Dispose();
        _filterBank.Dispose();
        _window.Dispose();
    }
}
