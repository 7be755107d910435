using System.Globalization;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Models.Common.SpeechData.Streaming;

/// <summary>How a training feature data dir is read: all into memory, or streamed from disk batch by batch.</summary>
public enum FeatureLoadingMode
{
    /// <summary>Stream when the feature files the scp lists are larger than <see cref="FeatureLoadingOptions.MemoryLimitGb"/>.</summary>
    Auto,

    /// <summary>Read every utterance into memory first (fastest for corpora that fit).</summary>
    Memory,

    /// <summary>Read each batch's utterances through the scp offsets on a background thread; memory stays bounded.</summary>
    Stream,
}

/// <summary>`data.loading:` options shared by the speech tasks (sit, dann-speech, vc-adain, vc-adv).</summary>
public sealed record FeatureLoadingOptions : IValidatable
{
    /// <summary>auto, memory or stream.</summary>
    public FeatureLoadingMode Mode { get; init; } = FeatureLoadingMode.Auto;

    /// <summary>With mode auto: stream when the training features exceed this many GB; 0 = a quarter of the memory the process may use.</summary>
    public double MemoryLimitGb { get; init; }

    /// <summary>Batches a streaming source reads ahead on its background thread (its queue bound).</summary>
    public int PrefetchBatches { get; init; } = 4;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!(MemoryLimitGb >= 0) || double.IsInfinity(MemoryLimitGb))
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"memory_limit_gb must be >= 0 (0 = a quarter of the memory; got {MemoryLimitGb})"));
        if (PrefetchBatches < 1) errors.Add($"prefetch_batches must be >= 1 (got {PrefetchBatches})");
        return errors;
    }

    /// <summary>The byte limit of mode auto.</summary>
    public long LimitBytes => MemoryLimitGb > 0
        ? (long)(MemoryLimitGb * (1L << 30))
        : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4;
}
