using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>Output container of extracted features.</summary>
public enum FeatureFormat { Ark, Npy }

/// <summary>Options of a whole-corpus feature extraction.</summary>
public sealed record FeatureJobOptions
{
    public required LogMelOptions LogMel { get; init; }
    public FeatureFormat Format { get; init; } = FeatureFormat.Ark;

    /// <summary>Parallel jobs in this process, each with its own extractor and its own ark.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>Process only shard <c>ShardIndex</c> (1-based) of <c>ShardCount</c>; 1 of 1 is the whole corpus.</summary>
    public int ShardIndex { get; init; } = 1;
    public int ShardCount { get; init; } = 1;

    public ChannelSelection Channel { get; init; } = ChannelSelection.Default;
    public bool AllowPipes { get; init; }

    /// <summary>Skip a bad utterance (and report it) instead of stopping at the first one.</summary>
    public bool KeepGoing { get; init; }

    public void Validate()
    {
        var errors = new List<string>(LogMel?.GetErrors() ?? ["LogMel options are missing"]);
        if (Jobs < 1) errors.Add($"nj must be >= 1, got {Jobs}");
        if (ShardCount < 1 || ShardIndex < 1 || ShardIndex > ShardCount)
            errors.Add($"shard must be K/N with 1 <= K <= N, got {ShardIndex}/{ShardCount}");
        if (Jobs > 1 && ShardCount > 1) errors.Add("use either --nj or --shard, not both");
        if (errors.Count > 0) throw new ArgumentException("invalid feature job options: " + string.Join("; ", errors));
    }
}

/// <summary>What a feature job did: utterances written, and the ones skipped with their reasons.</summary>
public sealed record FeatureJobSummary(int Done, IReadOnlyList<(string Utt, string Reason)> Skipped, long Frames, double AudioSeconds);
