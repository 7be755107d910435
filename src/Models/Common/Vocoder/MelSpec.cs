using SpeechDisentangle.Common;

namespace SpeechDisentangle.Models.Common.Vocoder;

/// <summary>How mel frequencies are spaced: HTK (2595 log10(1 + f/700)) or Slaney (linear below 1 kHz, log above).</summary>
public enum MelSpecScale { Htk, Slaney }

/// <summary>Filter area normalisation: none (peak 1) or Slaney (each filter scaled by 2 / bandwidth).</summary>
public enum MelSpecNorm { None, Slaney }

/// <summary>How the log of the mel energies was taken: natural log, or decibels (10 log10).</summary>
public enum MelSpecLog { Natural, Decibel }

/// <summary>How the log is kept away from zero: log(max(x, ε)) (Kaldi) or log(x + ε) (torchaudio/librosa recipes).</summary>
public enum MelSpecLogGuard { Floor, Offset }

/// <summary>
/// The log-mel front end a vocoder must invert (torchaudio MelSpectrogram-style): frames are centred (reflect
/// padding), the window is a periodic Hann of <see cref="WinLength"/> samples zero-padded to <see cref="NFft"/>, the
/// input is multiplied by <see cref="InputScale"/>, mel = fb^T · |STFT|^Power, then the guarded log.
/// The defaults equal the project's <c>LogMelOptions.Slaney()</c> preset at 16 kHz (25 ms / 10 ms, power 2,
/// ln(x + 1e-6)); the lead bridges <c>LogMelOptions</c> to this record. Kaldi-style features (povey window,
/// pre-emphasis, snip_edges, Kaldi triangles) are not representable here.
/// </summary>
public sealed record MelSpec : IValidatable
{
    public int SampleRate { get; init; } = 16000;
    public int NFft { get; init; } = 400;
    public int HopLength { get; init; } = 160;
    public int WinLength { get; init; } = 400;
    public int NMels { get; init; } = 80;
    public double FMin { get; init; }
    /// <summary>Upper band edge in Hz; null means Nyquist (SampleRate / 2).</summary>
    public double? FMax { get; init; }
    public MelSpecScale Scale { get; init; } = MelSpecScale.Slaney;
    public MelSpecNorm Norm { get; init; } = MelSpecNorm.Slaney;
    /// <summary>Exponent applied to |STFT| before the filter bank: 1 = magnitude, 2 = power.</summary>
    public double Power { get; init; } = 2.0;
    public MelSpecLogGuard LogGuard { get; init; } = MelSpecLogGuard.Offset;
    /// <summary>The ε of <see cref="LogGuard"/>.</summary>
    public double LogEpsilon { get; init; } = 1e-6;
    public MelSpecLog Log { get; init; } = MelSpecLog.Natural;
    /// <summary>Input samples are multiplied by this before analysis (32768 = int16 scale); synthesis divides by it.</summary>
    public double InputScale { get; init; } = 1.0;

    /// <summary>Linear-frequency bins of the one-sided spectrum.</summary>
    public int FrequencyBins => (NFft / 2) + 1;

    public double EffectiveFMax => FMax ?? SampleRate / 2.0;

    /// <summary>Every problem with the settings (empty when valid).</summary>
    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (SampleRate <= 0) errors.Add($"sample_rate must be > 0 (is {SampleRate})");
        if (NFft <= 0) errors.Add($"n_fft must be > 0 (is {NFft})");
        if (HopLength <= 0) errors.Add($"hop_length must be > 0 (is {HopLength})");
        if (WinLength <= 0 || WinLength > NFft) errors.Add($"win_length must be in 1..n_fft={NFft} (is {WinLength})");
        if (NMels <= 0) errors.Add($"n_mels must be > 0 (is {NMels})");
        if (FMin < 0) errors.Add($"f_min must be >= 0 (is {FMin})");
        if (EffectiveFMax <= FMin) errors.Add($"f_max ({EffectiveFMax}) must be above f_min ({FMin})");
        if (EffectiveFMax > SampleRate / 2.0) errors.Add($"f_max ({EffectiveFMax}) must not exceed Nyquist ({SampleRate / 2.0})");
        if (Power <= 0) errors.Add($"power must be > 0 (is {Power})");
        if (LogEpsilon <= 0) errors.Add($"log_epsilon must be > 0 (is {LogEpsilon})");
        if (InputScale <= 0) errors.Add($"input_scale must be > 0 (is {InputScale})");
        return errors;
    }
}
