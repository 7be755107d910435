using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Training;

namespace SpeechDisentangle.Models.Common.Probes;

/// <summary>What <see cref="EmbeddingProbe"/> predicts from frozen embeddings and how it trains its fresh classifier.</summary>
public sealed record ProbeOptions : IValidatable
{
    /// <summary>The label the probe predicts: "speaker" or "content" (any [N] int64 key of the data).</summary>
    public string LabelKey { get; init; } = SpeechBatchKeys.Speaker;

    /// <summary>Hidden units of the probe; 0 = a linear probe.</summary>
    public int Hidden { get; init; }

    /// <summary>
    /// Standardise every embedding dimension with the training set's mean and std before probing. Standardising
    /// lets one learning rate suit any encoder, but also magnifies dimensions that barely vary.
    /// </summary>
    public bool Standardize { get; init; } = true;

    public long Steps { get; init; } = 300;

    public int BatchSize { get; init; } = 64;

    public long Seed { get; init; }

    /// <summary>Where the probe trains ("cpu", "cuda", "auto").</summary>
    public string Device { get; init; } = "cpu";

    public OptimizerSettings Optimizer { get; init; } = new() { LearningRate = 1e-2, Beta1 = 0.9 };

    /// <summary>How <see cref="ProbeFit"/> trains the probe.</summary>
    public ProbeTraining Training => new(Steps, BatchSize, Optimizer, Seed, Device);

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(LabelKey)) errors.Add("label_key must name a batch key");
        if (Hidden < 0) errors.Add($"hidden must be >= 0 (got {Hidden})");
        if (Steps < 1) errors.Add($"steps must be >= 1 (got {Steps})");
        if (BatchSize < 1) errors.Add($"batch_size must be >= 1 (got {BatchSize})");
        if (Optimizer is null) errors.Add("optimizer settings are missing");
        return errors;
    }
}

/// <summary>Probe accuracies on the utterances it trained on and on held-out utterances.</summary>
public sealed record ProbeResult(double TrainAccuracy, double HeldAccuracy, long TrainCount, long HeldCount, int Classes)
{
    /// <summary>Accuracy of always guessing one class when classes are balanced.</summary>
    public double Chance => 1.0 / Classes;
}
