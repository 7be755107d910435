using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>Turns a preset name ("kaldi", "htk", "slaney") and the common overrides into validated options.</summary>
public static class LogMelPreset
{
    public static readonly string[] Names = ["kaldi", "htk", "slaney"];

    /// <param name="dither">Only for kaldi; null keeps the preset's default (0).</param>
    public static LogMelOptions Create(string preset, int sampleRate = 16000, int numMelBins = 80, double? dither = null,
        double? fmin = null, double? fmax = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var options = preset.ToLowerInvariant() switch
        {
            "kaldi" => LogMelOptions.Kaldi(sampleRate, numMelBins, dither ?? 0.0),
            "htk" => LogMelOptions.Htk(sampleRate, numMelBins),
            "slaney" => LogMelOptions.Slaney(sampleRate, numMelBins),
            _ => throw new ArgumentException($"unknown preset '{preset}'; choose one of {string.Join(", ", Names)}"),
        };
        if (dither is not null && !preset.Equals("kaldi", StringComparison.OrdinalIgnoreCase) && dither.Value != 0)
            throw new ArgumentException($"--dither applies to the kaldi preset only (preset '{preset}' has no dither)");
        if (fmin is not null) options = options with { LowFrequency = fmin.Value };
        if (fmax is not null) options = options with { HighFrequency = fmax.Value };
        options.Validate();
        return options;
    }
}
