namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// Draws espeak-ng voices from a seeded distribution over voice-variant settings. Voice i depends only on the seed
/// and i, so the first 100 voices of a 400-voice draw are the voices of a 100-voice draw with the same seed.
/// The ranges keep speech intelligible: adult pitch (male 75-135 Hz, female 145-250 Hz, log-uniform), vocal-tract
/// factor 0.88-1.04 (male) and 1.02-1.22 (female), each formant of F1..F5 moved a further +-6 %, formant strengths and
/// widths, breathiness, creak, flutter, spectral tilt, a light echo, rate and one of seven English accents.
/// </summary>
public static class VoiceSampler
{
    /// <summary>The espeak-ng language voices that accept a variant and differ on the digits (en-gb ignores variants, en-us-nyc speaks the digits as en-us).</summary>
    public static readonly IReadOnlyList<string> Accents = ["en-us", "en", "en-gb-scotland", "en-029", "en-gb-x-rp", "en-gb-x-gbclan", "en-gb-x-gbcwmd"];

    /// <summary>The first <paramref name="count"/> voices of the draw with <paramref name="seed"/>.</summary>
    public static IReadOnlyList<VoiceParameters> Draw(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return [.. Enumerable.Range(0, count).Select(i => DrawOne(seed, i))];
    }

    /// <summary>Voice <paramref name="index"/> of the draw with <paramref name="seed"/>.</summary>
    public static VoiceParameters DrawOne(int seed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var rng = new Random(VoiceSeed(seed, index));
        double U(double lo, double hi) => lo + ((hi - lo) * rng.NextDouble());
        int I(int lo, int hi) => rng.Next(lo, hi + 1);
        bool female = rng.NextDouble() < 0.5;
        double scale = female ? U(1.02, 1.24) : U(0.86, 1.04);
        int pitch = (int)Math.Round(female ? Math.Exp(U(Math.Log(140), Math.Log(280))) : Math.Exp(U(Math.Log(70), Math.Log(150))));
        double width = U(80, 200);
        var freq = new int[VoiceParameters.Formants];
        var strength = new int[VoiceParameters.Formants];
        var widths = new int[VoiceParameters.Formants];
        for (int f = 0; f < VoiceParameters.Formants; f++)
        {
            // F1..F5 carry the individual vocal tract; F0 and F6..F8 follow the common factor.
            double own = f is >= 1 and <= 5 ? U(0.9, 1.1) : 1.0;
            freq[f] = (int)Math.Round(100 * scale * own);
            strength[f] = f switch { 0 => I(50, 150), <= 3 => I(60, 140), <= 5 => I(50, 150), _ => I(30, 130) };
            widths[f] = (int)Math.Round(width * U(0.85, 1.15));
        }
        double tilt = U(0.6, 1.4);
        bool echo = rng.NextDouble() < 0.3;
        int klattDraw = I(0, 9);
        return new VoiceParameters
        {
            Index = index,
            Accent = Accents[rng.Next(Accents.Count)],
            Gender = female ? "F" : "M",
            PitchBaseHz = pitch,
            PitchTopHz = (int)Math.Round(pitch * U(1.25, 1.6)),
            FormantScale = Math.Round(scale, 3),
            FormantFrequency = freq,
            FormantStrength = strength,
            FormantWidth = widths,
            Breath = rng.NextDouble() < 0.4 ? I(3, 30) : 0,
            Roughness = I(0, 6),
            Flutter = I(0, 15),
            Voicing = I(75, 125),
            ConsonantsUnvoiced = I(70, 140),
            ConsonantsVoiced = I(70, 140),
            Tone1200 = (int)Math.Round(Math.Min(255, 135 * tilt)),
            Tone2000 = (int)Math.Round(Math.Min(255, 110 * tilt * tilt)),
            EchoDelayMs = echo ? I(20, 120) : 0,
            EchoAmplitude = echo ? I(3, 15) : 0,
            Intonation = I(1, 3),
            // One voice in five uses the Klatt synthesiser (sources 1..5; espeak-ng's klatt 6 sounds as klatt 1). Klatt
            // ignores formant strengths, breath, roughness, voicing and tone, so its voices differ in fewer ways.
            Klatt = klattDraw < 8 ? 0 : I(1, 5),
            RateWpm = I(135, 205),
        };
    }

    /// <summary>A seed for voice <paramref name="index"/> that mixes both numbers (SplitMix64), so nearby seeds and indices give unrelated voices.</summary>
    static int VoiceSeed(int seed, int index)
    {
        ulong z = ((ulong)(uint)seed << 32) | (uint)index;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & int.MaxValue);
    }
}
