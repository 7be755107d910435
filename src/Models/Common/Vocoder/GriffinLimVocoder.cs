using SpeechDisentangle.Common;

using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Vocoder;

/// <summary>
/// Log-mel to audio without training: the mel filter bank is inverted (<see cref="MelInversion"/>) to a linear
/// magnitude, whose phase is then recovered by <see cref="FastGriffinLim"/> from random phases (torch stft/istft, so
/// CPU or CUDA tensors alike).
/// </summary>
public sealed class GriffinLimVocoder : IVocoder
{
    private readonly GriffinLimOptions _options;
    private readonly MelInversion _inversion;
    private readonly Tensor _window;

    public GriffinLimVocoder(MelSpec spec, GriffinLimOptions? options = null)
    {
        spec.Validate();
        _options = options ?? new GriffinLimOptions();
        _options.Validate();
        Spec = spec;
        _inversion = new MelInversion(spec);
        _window = hann_window(spec.WinLength, periodic: true, dtype: ScalarType.Float32);
    }

    public MelSpec Spec { get; }

    /// <summary>Non-negative least-squares linear magnitude |STFT| [.., FrequencyBins, T] of a log-mel [.., NMels, T].</summary>
    public Tensor LinearMagnitude(Tensor logMel)
    {
        CheckShape(logMel);
        return _inversion.LinearMagnitude(logMel, _options.NnlsIterations);
    }

    public Tensor Synthesize(Tensor logMel)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var magnitude = LinearMagnitude(logMel);
        Tensor angles;
        if (_options.RandomInit)
        {
            using var generator = new Generator((ulong)_options.Seed, CPU);
            var phase = rand(magnitude.shape, dtype: ScalarType.Float32, generator: generator).to(magnitude.device) * (2.0 * Math.PI);
            angles = polar(ones_like(phase), phase);
        }
        else
        {
            angles = polar(ones_like(magnitude), zeros_like(magnitude));
        }
        var waveform = FastGriffinLim.Synthesize(magnitude, angles, Spec, _window, _options.Iterations, _options.Momentum);
        if (Spec.InputScale != 1.0) waveform = waveform / Spec.InputScale;
        return waveform.MoveToOuterDisposeScope();
    }

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
        _inversion.Dispose();
        _window.Dispose();
    }
}
