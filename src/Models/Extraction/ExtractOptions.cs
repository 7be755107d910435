using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Models.Extraction;

/// <summary>How <see cref="SpeechFeatureExtractor"/> writes speaker-invariant features.</summary>
public sealed record ExtractOptions : IValidatable
{
    /// <summary>ark: frames.ark/scp and utt_embeddings.ark/scp; npy: one .npy per utterance under frames/ and embeddings/.</summary>
    public FeatureFormat Format { get; init; } = FeatureFormat.Ark;

    /// <summary>Parallel jobs, each writing its own archive (frames.J.ark); the scp files list them all.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>With <see cref="ShardCount"/> &gt; 1: this process handles contiguous part K (1-based) of N and writes frames.K.scp etc.</summary>
    public int ShardIndex { get; init; } = 1;

    public int ShardCount { get; init; } = 1;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (Jobs < 1) errors.Add($"nj must be >= 1 (got {Jobs})");
        if (ShardCount < 1) errors.Add($"the shard count must be >= 1 (got {ShardCount})");
        if (ShardIndex < 1 || ShardIndex > ShardCount) errors.Add($"the shard index must be in 1..{ShardCount} (got {ShardIndex})");
        if (ShardCount > 1 && Jobs > 1) errors.Add("use either --nj or --shard, not both");
        return errors;
    }
}
