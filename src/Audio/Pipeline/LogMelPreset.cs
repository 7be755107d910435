using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>Turns a preset name ("kaldi", "htk", "slaney") and the common overrides into validated options.</summary>
public static class LogMelPreset
{
    public static readonly string[] Names = ["kaldi", "htk", "slaney"];

    /// <param name="dither">Only for kaldi; null keeps the preset's default (0).</param>
    /// <param name="framing">Window, hop and FFT length overrides; n_fft only for htk and slaney.</param>
    /// <param name="logFloor">ln(max(mel, logFloor)) instead of the preset's log guard (ESPnet floors at 1e-10).</param>
    public static LogMelOptions Create(string preset, int sampleRate = 16000, int numMelBins = 80, double? dither = null,
        double? fmin = null, double? fmax = null, LogMelFraming? framing = null, double? logFloor = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var options = preset.ToLowerInvariant() switch
        {
            "kaldi" => LogMelOptions.Kaldi(sampleRate, numMelBins, dither ?? 0.0),
            "htk" => LogMelOptions.Htk(sampleRate, numMelBins),
            "slaney" => LogMelOptions.Slaney(sampleRate, numMelBins),
            _ => throw new ArgumentException($"unknown preset '{preset}'; choose one of {string.Join(", ", Names)}"),
        };
        bool kaldi = preset.Equals("kaldi", StringComparison.OrdinalIgnoreCase);
        if (dither is not null && !kaldi && dither.Value != 0)
            throw new ArgumentException($"--dither applies to the kaldi preset only (preset '{preset}' has no dither)");
        if (fmin is not null) options = options with { LowFrequency = fmin.Value };
        if (fmax is not null) options = options with { HighFrequency = fmax.Value };
        if (logFloor is not null) options = options with { LogGuard = LogGuard.Floor, LogEpsilon = logFloor.Value };
        options = WithFraming(options, framing ?? LogMelFraming.None, kaldi);
        options.Validate();
        return options;
    }

    static LogMelOptions WithFraming(LogMelOptions options, LogMelFraming f, bool kaldi)
    {
        if (f.WinLength is not null && f.FrameLengthMs is not null)
            throw new ArgumentException("give the window as --win-length (samples) or --frame-length-ms, not both");
        if (f.HopLength is not null && f.FrameShiftMs is not null)
            throw new ArgumentException("give the hop as --hop-length (samples) or --frame-shift-ms, not both");
        if (f.NFft is not null && kaldi)
            throw new ArgumentException("--n-fft applies to the htk and slaney presets only (kaldi zero-pads each frame to the next power of two)");
        if (f.FrameLengthMs is not null) options = options with { FrameLengthMs = f.FrameLengthMs.Value };
        if (f.FrameShiftMs is not null) options = options with { FrameShiftMs = f.FrameShiftMs.Value };
        return options with
        {
            FrameLengthSamples = f.WinLength ?? options.FrameLengthSamples,
            FrameShiftSamples = f.HopLength ?? options.FrameShiftSamples,
            NFft = f.NFft ?? options.NFft,
        };
    }
}
