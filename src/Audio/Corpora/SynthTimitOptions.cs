using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>Options of the synthetic TIMIT-layout corpus (espeak-ng voices reading digit strings).</summary>
public sealed record SynthTimitOptions : IValidatable
{
    /// <summary>Voices under TRAIN/.</summary>
    public int TrainSpeakers { get; init; } = 8;

    /// <summary>Further voices under TEST/ (none of them in TRAIN/).</summary>
    public int TestSpeakers { get; init; } = 2;

    /// <summary>SX sentences (random digit strings) per speaker, besides the SA1/SA2 that every speaker reads.</summary>
    public int SentencesPerSpeaker { get; init; } = 8;

    /// <summary>Digits per SX sentence.</summary>
    public int WordsPerSentence { get; init; } = 4;

    /// <summary>Draw the voices from espeak-ng voice parameters with this seed (<see cref="VoiceSampler"/>); null uses the named voices.</summary>
    public int? VoiceSeed { get; init; }

    /// <summary>Seed of rate/pitch jitter and of the sentences; the same seed gives the same corpus.</summary>
    public int Seed { get; init; }

    /// <summary>Parallel synthesis jobs (one utterance each).</summary>
    public int Jobs { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>The espeak-ng executable.</summary>
    public string Espeak { get; init; } = "espeak-ng";

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (TrainSpeakers < 2) errors.Add($"train-speakers must be >= 2, got {TrainSpeakers}");
        if (TestSpeakers < 1) errors.Add($"test-speakers must be >= 1, got {TestSpeakers}");
        if (TrainSpeakers >= 2 && TestSpeakers >= 1 && SynthSpeaker.CountError("train-speakers + test-speakers", TrainSpeakers + TestSpeakers, VoiceSeed, minimum: 3, drawOption: "--draw-voices") is string countError)
            errors.Add(countError);
        if (SentencesPerSpeaker < 1) errors.Add($"sentences must be >= 1, got {SentencesPerSpeaker}");
        if (WordsPerSentence < 1) errors.Add($"words-per-sentence must be >= 1, got {WordsPerSentence}");
        if (Jobs < 1) errors.Add($"jobs must be >= 1, got {Jobs}");
        return errors;
    }
}
