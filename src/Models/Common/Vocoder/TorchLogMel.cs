using SpeechDisentangle.Common;

using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Vocoder;

/// <summary>
/// The forward log-mel transform of a <see cref="MelSpec"/> in torch (CPU or CUDA). The vocoder uses it to judge its
/// own output; the project's front end stays the reference for features.
/// </summary>
public sealed class TorchLogMel : IDisposable
{
    private readonly Tensor _filterBankT;  // [NMels, FrequencyBins]
    private readonly Tensor _window;
    private readonly ScalarType _dtype;

    /// <param name="dtype">Float32 (default, fast on GPUs) agrees with the CPU extractor to about 2e-4 in the log
    /// domain on quiet bins; Float64 to about 1e-6.</param>
    public TorchLogMel(MelSpec spec, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        _dtype = dtype;
        using var fb = MelFilterBank.BuildTensor(spec);
        _filterBankT = fb.t().to(dtype).contiguous();
        _window = hann_window(spec.WinLength, periodic: true, dtype: dtype);
    }

    public MelSpec Spec { get; }

    /// <summary>|STFT|^Power of waveforms [L] or [B, L]: [F, T] or [B, F, T] with T = 1 + L / HopLength.</summary>
    public Tensor Spectrogram(Tensor waveform)
    {
        using var scope = NewDisposeScope();
        var window = _window.to(waveform.device);
        var scaled = waveform.to(_dtype);
        if (Spec.InputScale != 1.0) scaled = scaled * Spec.InputScale;
        var magnitude = FrontEndStft.Analyse(scaled, Spec, window).abs();
        return (Spec.Power == 1.0 ? magnitude : magnitude.pow(Spec.Power)).MoveToOuterDisposeScope();
    }

    /// <summary>Linear mel energies [NMels, T] or [B, NMels, T] (channels-first).</summary>
    public Tensor Mel(Tensor waveform)
    {
        using var scope = NewDisposeScope();
        var spec = Spectrogram(waveform);
        return matmul(_filterBankT.to(waveform.device), spec).MoveToOuterDisposeScope();
    }

    /// <summary>Log-mel [NMels, T] or [B, NMels, T] (channels-first), log as <see cref="MelSpec.Log"/> says.</summary>
    public Tensor LogMel(Tensor waveform)
    {
        using var scope = NewDisposeScope();
        return ToLog(Mel(waveform), Spec).MoveToOuterDisposeScope();
    }

    /// <summary>The guarded log of mel energies: log(max(mel, ε)) or log(mel + ε), natural or in dB.</summary>
    public static Tensor ToLog(Tensor mel, MelSpec spec)
    {
        var guarded = spec.LogGuard == MelSpecLogGuard.Floor ? mel.clamp_min(spec.LogEpsilon) : mel + spec.LogEpsilon;
        return spec.Log == MelSpecLog.Natural ? guarded.log() : guarded.log10() * 10.0;
    }

    /// <summary>The inverse of <see cref="ToLog"/> (values at a floor stay at the floor; never negative).</summary>
    public static Tensor FromLog(Tensor logMel, MelSpec spec)
    {
        var guarded = spec.Log == MelSpecLog.Natural ? logMel.exp() : pow(10.0, logMel / 10.0);
        return spec.LogGuard == MelSpecLogGuard.Floor ? guarded : (guarded - spec.LogEpsilon).clamp_min(0.0);
    }

    public void Dispose()
    {
        _filterBankT.Dispose();
        _window.Dispose();
    }
}
