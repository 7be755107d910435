using System.Globalization;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>How <see cref="DataSplit"/> divides a feature data directory.</summary>
public sealed record DataSplitOptions : IValidatable
{
    /// <summary>Speakers held out entirely (the "unseen" split).</summary>
    public int HeldSpeakers { get; init; } = 3;

    /// <summary>
    /// Speakers held out by name instead of <see cref="HeldSpeakers"/> drawn at random: e.g. a region of a drawn-voice
    /// corpus's parameter space (<see cref="Corpora.VoiceRegion"/>, `sdt corpus select-voices`).
    /// </summary>
    public IReadOnlyList<string> HeldSpeakerIds { get; init; } = [];

    /// <summary>Share of each seen content class that goes to "valid".</summary>
    public double ValidFraction { get; init; } = 0.1;

    /// <summary>Share of each seen content class that goes to "test".</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>Seed of the shuffles (which speakers are held out, which utterances go where).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Where content classes (and the strata) come from: one-word transcripts, or sentences shared by speakers.</summary>
    public ContentMode Content { get; init; } = ContentMode.Word;

    /// <summary>With <see cref="ContentMode.Sentence"/>: a sentence is a class when at least this many seen speakers read it.</summary>
    public int SentenceSpeakers { get; init; } = 3;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (HeldSpeakers < 1) errors.Add($"held-speakers must be >= 1 (got {HeldSpeakers})");
        if (HeldSpeakerIds.Any(string.IsNullOrWhiteSpace)) errors.Add("held speaker ids must not be empty");
        if (!(ValidFraction >= 0 && ValidFraction < 1)) errors.Add(Invariant($"valid-fraction must be in [0, 1) (got {ValidFraction})"));
        if (!(TestFraction > 0 && TestFraction < 1)) errors.Add(Invariant($"test-fraction must be in (0, 1) (got {TestFraction})"));
        if (!Enum.IsDefined(Content)) errors.Add($"content mode {(int)Content} is not word or sentence");
        if (SentenceSpeakers < 1) errors.Add($"sentence-speakers must be >= 1 (got {SentenceSpeakers})");
        if (ValidFraction + TestFraction >= 1) errors.Add(Invariant($"valid-fraction + test-fraction must be < 1 so training keeps data (got {ValidFraction + TestFraction})"));
        return errors;
    }

    static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
