namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// A speaker of a synthetic corpus: the espeak-ng <c>-v</c> spec it speaks with, its sex label, and for a drawn voice
/// the parameters behind it (null for the named voices of <see cref="SynthVoices"/>).
/// </summary>
public sealed record SynthSpeaker(string Spec, string Gender, VoiceParameters? Drawn)
{
    /// <summary>Most voices one draw may hold (ids stay short and every layout can name them).</summary>
    public const int MaxDrawn = 6000;

    /// <summary>
    /// The speakers of a corpus: the first <paramref name="count"/> named voices, or, with <paramref name="drawSeed"/>,
    /// the first <paramref name="count"/> voices drawn with that seed (<see cref="VoiceSampler"/>).
    /// </summary>
    public static IReadOnlyList<SynthSpeaker> Choose(int count, int? drawSeed) =>
        drawSeed is int seed
            ? [.. VoiceSampler.Draw(count, seed).Select(v => new SynthSpeaker(v.Spec, v.Gender, v))]
            : [.. Enumerable.Range(0, count).Select(i => SynthVoices.Get(i)).Select(v => new SynthSpeaker(v.Voice, v.Gender, null))];

    /// <summary>The range check of a speaker count, as one error message (naming the option that draws voices), or null when it is fine.</summary>
    public static string? CountError(string option, int count, int? drawSeed, int minimum = 2, string drawOption = "--voices")
    {
        int max = drawSeed is null ? SynthVoices.Count : MaxDrawn;
        if (count >= minimum && count <= max) return null;
        string kind = drawSeed is null
            ? $"there are {SynthVoices.Count} named espeak-ng voices; draw more with {drawOption}"
            : "drawn voices";
        return $"{option} must be in [{minimum}, {max}] ({kind}), got {count}";
    }

    /// <summary>A private espeak-ng data folder with the drawn voices' variants, or null when every speaker is a named voice.</summary>
    public static EspeakVoiceBank? Bank(string espeak, IReadOnlyList<SynthSpeaker> speakers)
    {
        ArgumentNullException.ThrowIfNull(speakers);
        var drawn = speakers.Where(s => s.Drawn is not null).Select(s => s.Drawn!).ToList();
        return drawn.Count == 0 ? null : EspeakVoiceBank.Create(espeak, drawn);
    }
}
