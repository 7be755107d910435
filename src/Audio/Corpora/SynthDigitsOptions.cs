using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>Options of the synthetic spoken-digit corpus (espeak-ng voices in a VCTK-like layout).</summary>
public sealed record SynthDigitsOptions : IValidatable
{
    /// <summary>How many distinct voices (speakers): at most <see cref="SynthVoices.Count"/> named ones, or <see cref="SynthSpeaker.MaxDrawn"/> drawn ones.</summary>
    public int Speakers { get; init; } = 12;

    /// <summary>
    /// Draw the voices from a seeded distribution over espeak-ng voice parameters (<see cref="VoiceSampler"/>) with
    /// this seed; null uses the named voices of <see cref="SynthVoices"/> (the default corpus).
    /// </summary>
    public int? VoiceSeed { get; init; }

    /// <summary>Times each speaker says each digit (each with its own rate and pitch jitter).</summary>
    public int RepeatsPerDigit { get; init; } = 5;

    /// <summary>Short sentences (digit strings, e.g. "four one seven") per speaker, for sentence-level work.</summary>
    public int SentencesPerSpeaker { get; init; } = 4;

    /// <summary>Seed of the jitter and of the sentences; the same seed gives the same corpus.</summary>
    public int Seed { get; init; }

    /// <summary>Parallel espeak-ng processes.</summary>
    public int Jobs { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>The espeak-ng executable.</summary>
    public string Espeak { get; init; } = "espeak-ng";

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (SynthSpeaker.CountError(VoiceSeed is null ? "speakers" : "voices", Speakers, VoiceSeed) is string countError) errors.Add(countError);
        if (RepeatsPerDigit < 1) errors.Add($"repeats-per-digit must be >= 1, got {RepeatsPerDigit}");
        if (SentencesPerSpeaker < 0) errors.Add($"sentences-per-speaker must be >= 0, got {SentencesPerSpeaker}");
        if (Jobs < 1) errors.Add($"jobs must be >= 1, got {Jobs}");
        return errors;
    }
}
