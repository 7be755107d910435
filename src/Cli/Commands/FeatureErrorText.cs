using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>
/// Phrases the typed errors of the audio library for `sdt features`: the flag that changes a setting, where the
/// library's own message names its property (NumMelBins, AudioReadOptions.AllowPipes, ...).
/// </summary>
internal static class FeatureErrorText
{
    static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        [nameof(LogMelOptions.SampleRate)] = "--sample-rate",
        [nameof(LogMelOptions.NumMelBins)] = "--num-mel-bins",
        [nameof(LogMelOptions.LowFrequency)] = "--fmin",
        [nameof(LogMelOptions.HighFrequency)] = "--fmax",
        [nameof(LogMelOptions.Dither)] = "--dither",
        [nameof(LogMelOptions.NFft)] = "--n-fft",
        [nameof(LogMelOptions.FrameLengthSamples)] = "--win-length",
        [nameof(LogMelOptions.FrameShiftSamples)] = "--hop-length",
        [nameof(LogMelOptions.FrameLengthMs)] = "--frame-length-ms",
        [nameof(LogMelOptions.FrameShiftMs)] = "--frame-shift-ms",
        [nameof(LogMelOptions.LogEpsilon)] = "--log-floor",
    };

    public static string Describe(Exception e) => e switch
    {
        // Its text was phrased by this class already (FeatureJobOptions.Describe).
        UtteranceFeatureException u => $"{u.Message}; --keep-going skips such utterances and lists them in skipped.txt",
        AudioFormatException { Setting: AudioReadSetting.AllowPipes } a => $"{a.Location}: {a.Problem}; --allow-pipes runs such commands",
        AudioFormatException { Setting: AudioReadSetting.TruncatedData } a => $"{a.Location}: {a.Problem}; --allow-truncated reads what is there",
        InvalidOptionsException { Options: LogMelOptions o } => string.Join("; ", o.Problems().Select(p =>
            (Flags.TryGetValue(p.Option, out string? flag) ? $"{flag} {p.Text}" : $"the preset's {p.Option} {p.Text}").TrimEnd('.'))),
        _ => Guard.Describe(e),
    };
}
