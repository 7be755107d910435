namespace SpeechDisentangle.Models.Core.Training;

/// <summary>What a <see cref="Trainer.Fit"/> call leaves behind.</summary>
/// <param name="Steps">Steps completed (counting those before a resume).</param>
/// <param name="Train">Averages of the last logged training interval.</param>
/// <param name="Valid">The last validation averages, or null without a valid source.</param>
/// <param name="BestValue">Best value of the best metric, or null when never evaluated.</param>
/// <param name="BestStep">Step of <paramref name="BestValue"/>, -1 when none.</param>
/// <param name="History">Every logged value of this call, in order.</param>
public sealed record TrainResult(
    long Steps,
    IReadOnlyDictionary<string, double> Train,
    IReadOnlyDictionary<string, double>? Valid,
    double? BestValue,
    long BestStep,
    IReadOnlyList<MetricRecord> History);
