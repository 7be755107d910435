using System.Globalization;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Models.Common.Probes;

/// <summary>What <see cref="PooledFeatureProbe"/> reads from the pooled features.</summary>
public enum PooledProbeLabel
{
    /// <summary>The utterance's speaker.</summary>
    Speaker,

    /// <summary>The utterance's transcript.</summary>
    Content,
}

/// <summary>Which utterances <see cref="PooledFeatureProbe"/> fits on and which it scores.</summary>
public sealed record PooledProbeOptions : IValidatable
{
    /// <summary>The label to read (default the speaker).</summary>
    public PooledProbeLabel Label { get; init; } = PooledProbeLabel.Speaker;

    /// <summary>
    /// Share of each speaker's renditions of each transcript held out for scoring (the last ones in utterance-id
    /// order; every group keeps at least one for fitting). Ignored when <see cref="HeldTexts"/> is given.
    /// </summary>
    public double HeldFraction { get; init; } = DefaultHeldFraction;

    const double DefaultHeldFraction = 0.25;

    /// <summary>Transcripts held out entirely (speaker label only): the probe is scored on words it never saw.</summary>
    public IReadOnlyList<string> HeldTexts { get; init; } = [];

    /// <summary>
    /// Full-batch Adam steps of the logistic regression. 400 drawn voices needed 3000 (held-out accuracy 0.90 after
    /// 1000 steps, 0.997 after 3000); <see cref="PooledProbeResult.FitAccuracy"/> shows whether it has converged.
    /// </summary>
    public int Steps { get; init; } = 3000;

    /// <summary>
    /// K >= 2: K-fold cross-validation over renditions instead of one split: rendition r (utterance-id order) of each
    /// speaker's transcript is scored in fold r mod K and fitted in the others, so every utterance of a transcript
    /// said twice or more is scored once and the accuracy rests on all of them. 0 = the single split of
    /// <see cref="HeldFraction"/>.
    /// </summary>
    public int Folds { get; init; }

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Label)) errors.Add($"label {(int)Label} is not speaker or content");
        if (!(HeldFraction > 0 && HeldFraction < 1)) errors.Add(string.Create(CultureInfo.InvariantCulture, $"held-fraction must be in (0, 1), got {HeldFraction}"));
        if (HeldTexts.Count > 0 && Label != PooledProbeLabel.Speaker) errors.Add("held-texts needs label speaker (a content probe cannot score words it never saw)");
        if (Steps < 1) errors.Add($"steps must be >= 1, got {Steps}");
        if (Folds is 1 or < 0) errors.Add($"folds must be 0 (one split) or >= 2, got {Folds}");
        if (Folds >= 2 && HeldTexts.Count > 0) errors.Add("folds and held-texts exclude each other (held-texts already names what is scored)");
        if (Folds >= 2 && HeldFraction != DefaultHeldFraction) errors.Add("folds and held-fraction exclude each other (with folds every rendition is scored once)");
        return errors;
    }
}
