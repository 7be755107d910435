using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Models.Common.Vocoder;

/// <summary>
/// Builds the <see cref="MelSpec"/> a vocoder inverts from the feature front end's <see cref="LogMelOptions"/>.
/// Only torchaudio-style front ends (the `htk` and `slaney` presets) are representable; Kaldi-style options
/// (povey window, pre-emphasis, DC removal, snip_edges, dither, Kaldi triangles) are rejected with every reason.
/// </summary>
public static class MelSpecBridge
{
    /// <summary>The vocoder spec equal to <paramref name="options"/>; throws listing every feature it cannot represent.</summary>
    public static MelSpec FromLogMelOptions(LogMelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var errors = new List<string>();
        if (options.Window != WindowType.Hann || !options.PeriodicWindow) errors.Add($"window must be a periodic Hann (is {(options.PeriodicWindow ? "periodic" : "symmetric")} {options.Window})");
        if (options.Preemphasis != 0) errors.Add($"pre-emphasis must be 0 (is {options.Preemphasis})");
        if (options.RemoveDcOffset) errors.Add("DC-offset removal must be off");
        if (options.Dither != 0) errors.Add($"dither must be 0 (is {options.Dither})");
        if (!options.Center) errors.Add("frames must be centred (torch.stft center=True)");
        if (options.MelScale == MelScale.Kaldi) errors.Add("Kaldi mel triangles are not supported (use the htk or slaney preset)");
        if (errors.Count > 0)
            throw new ArgumentException("these log-mel options cannot be inverted by the vocoder: " + string.Join("; ", errors));
        var spec = new MelSpec
        {
            SampleRate = options.SampleRate,
            NFft = options.FftLength,
            HopLength = options.FrameShift,
            WinLength = options.FrameLength,
            NMels = options.NumMelBins,
            FMin = options.LowFrequency,
            FMax = options.EffectiveHighFrequency,
            Scale = options.MelScale == MelScale.Slaney ? MelSpecScale.Slaney : MelSpecScale.Htk,
            Norm = options.FilterNorm == MelNorm.Slaney ? MelSpecNorm.Slaney : MelSpecNorm.None,
            Power = options.Power,
            LogGuard = options.LogGuard == LogGuard.Offset ? MelSpecLogGuard.Offset : MelSpecLogGuard.Floor,
            LogEpsilon = options.LogEpsilon,
            Log = MelSpecLog.Natural,
            InputScale = options.InputScale,
        };
        spec.Validate();
        return spec;
    }
}
