using System.Globalization;
using System.Text;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// One drawn espeak-ng voice: a base accent (language voice) plus the settings of an espeak-ng voice variant file
/// (docs/voices.md of espeak-ng). Frequencies, strengths and widths of formants are percentages of espeak-ng's
/// defaults; <see cref="FormantScale"/> is the common factor behind the formant frequencies (a shorter vocal tract
/// is a larger factor). <see cref="Gender"/> is a label chosen before the draw; it steers the pitch and formant ranges.
/// </summary>
public sealed record VoiceParameters
{
    /// <summary>Formants espeak-ng's variant files set (0..8).</summary>
    public const int Formants = 9;

    /// <summary>Position of the voice in its draw (0-based); the same seed and index give the same voice.</summary>
    public required int Index { get; init; }

    /// <summary>The espeak-ng language voice the variant is applied to (e.g. "en-us", "en-gb-scotland").</summary>
    public required string Accent { get; init; }

    /// <summary>"M" or "F".</summary>
    public required string Gender { get; init; }

    /// <summary>Base pitch (Hz) and the top of the pitch range (Hz): espeak-ng's <c>pitch base range</c>.</summary>
    public required int PitchBaseHz { get; init; }

    public required int PitchTopHz { get; init; }

    /// <summary>Common factor of the formant frequencies (vocal-tract length: 1.0 is espeak-ng's default voice).</summary>
    public required double FormantScale { get; init; }

    /// <summary>Per-formant frequency, strength and bandwidth, percent of the default; <see cref="Formants"/> each.</summary>
    public required IReadOnlyList<int> FormantFrequency { get; init; }

    public required IReadOnlyList<int> FormantStrength { get; init; }

    public required IReadOnlyList<int> FormantWidth { get; init; }

    /// <summary>Breath noise at the formant peaks (0 = none); espeak-ng's <c>breath</c>, tapering over formants 1..6.</summary>
    public required int Breath { get; init; }

    /// <summary>Creakiness 0..7 (<c>roughness</c>) and pitch wobble (<c>flutter</c>).</summary>
    public required int Roughness { get; init; }

    public required int Flutter { get; init; }

    /// <summary>Strength of voiced sounds, percent (<c>voicing</c>).</summary>
    public required int Voicing { get; init; }

    /// <summary>Strength of unvoiced consonants and of the noise in voiced ones, percent (<c>consonants</c>).</summary>
    public required int ConsonantsUnvoiced { get; init; }

    public required int ConsonantsVoiced { get; init; }

    /// <summary>
    /// Spectral tilt of voiced sounds: the <c>tone</c> amplitudes (0..255) at 1200 and 2000 Hz, with 170 below 600 Hz
    /// (espeak-ng's default is 135 and 110).
    /// </summary>
    public required int Tone1200 { get; init; }

    public required int Tone2000 { get; init; }

    /// <summary>One echo (a small room): delay in ms and amplitude 0..100; amplitude 0 is none.</summary>
    public required int EchoDelayMs { get; init; }

    public required int EchoAmplitude { get; init; }

    /// <summary>espeak-ng's intonation style 1..3 (1 default, 2 and 3 flatter).</summary>
    public required int Intonation { get; init; }

    /// <summary>0 = espeak-ng's own wave generator; 1..5 = its Klatt synthesiser with that voice source.</summary>
    public required int Klatt { get; init; }

    /// <summary>Habitual speaking rate in words per minute (each utterance jitters around it).</summary>
    public required int RateWpm { get; init; }

    /// <summary>Name of the variant file in the espeak-ng voices/!v folder: sdtv0001 for voice 0, as v0001 is the first voice.</summary>
    public string VariantName => "sdtv" + (Index + 1).ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The <c>-v</c> argument of espeak-ng: accent plus variant.</summary>
    public string Spec => Accent + "+" + VariantName;

    /// <summary>The espeak-ng voice variant file.</summary>
    public string ToVariantFile()
    {
        var s = new StringBuilder();
        void Line(FormattableString line) => s.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
        Line($"language variant");
        Line($"name {VariantName}");
        Line($"gender {(Gender == "F" ? "female" : "male")}");
        Line($"pitch {PitchBaseHz} {PitchTopHz}");
        for (int f = 0; f < Formants; f++) Line($"formant {f} {FormantFrequency[f]} {FormantStrength[f]} {FormantWidth[f]}");
        if (Breath > 0)
        {
            // Noise strongest at the low formants, as espeak-ng's breathy variants (f5, whisper) set it.
            Line($"breath {Breath} {Breath} {Breath * 4 / 5} {Breath * 3 / 5} {Breath / 3} {Breath / 5} 0 0");
        }
        Line($"roughness {Roughness}");
        Line($"flutter {Flutter}");
        Line($"voicing {Voicing}");
        Line($"consonants {ConsonantsUnvoiced} {ConsonantsVoiced}");
        Line($"tone 600 170 1200 {Tone1200} 2000 {Tone2000}");
        Line($"echo {EchoDelayMs} {EchoAmplitude}");
        Line($"intonation {Intonation}");
        if (Klatt > 0) Line($"klatt {Klatt}");
        return s.ToString();
    }
}
