using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>Output container of extracted features.</summary>
public enum FeatureFormat { Ark, Npy }

/// <summary>Options of a whole-corpus feature extraction.</summary>
public sealed record FeatureJobOptions : IValidatable
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

    /// <summary>What to do with a file that holds less audio than its header promises (default: an error).</summary>
    public TruncatedDataPolicy TruncatedData { get; init; } = TruncatedDataPolicy.Error;

    /// <summary>Receives the audio reader's warnings (a truncated file read anyway, a partial last frame); null drops them.</summary>
    public Action<string>? Warning { get; init; }

    /// <summary>Skip a bad utterance (and report it) instead of stopping at the first one.</summary>
    public bool KeepGoing { get; init; }

    /// <summary>
    /// Recompute every utterance. Otherwise a rerun into the same folder with the same settings and inputs keeps the
    /// features that an earlier (interrupted) run finished: .npy files that read back whole, archives that hold
    /// exactly their utterances.
    /// </summary>
    public bool Overwrite { get; init; }

    /// <summary>
    /// Ark format: utterances per archive (data/feats.B.ark), so an interrupted run keeps every finished archive.
    /// The corpus is cut into at least <see cref="Jobs"/> archives so every job has work.
    /// </summary>
    public int UtterancesPerArchive { get; init; } = 100;

    /// <summary>
    /// Turns a failure into the text shown for it (in skipped.txt and in errors); a command-line program puts its
    /// flags there. The default is the exception's message.
    /// </summary>
    public Func<Exception, string> Describe { get; init; } = e => e.Message;

    public IReadOnlyList<string> Errors()
    {
        var errors = Validation.Nested(nameof(LogMel), LogMel).ToList();
        if (Jobs < 1) errors.Add($"nj must be >= 1, got {Jobs}");
        if (UtterancesPerArchive < 1) errors.Add($"utterances per archive must be >= 1, got {UtterancesPerArchive}");
        if (ShardCount < 1 || ShardIndex < 1 || ShardIndex > ShardCount)
            errors.Add($"shard must be K/N with 1 <= K <= N, got {ShardIndex}/{ShardCount}");
        if (Jobs > 1 && ShardCount > 1) errors.Add("use either --nj or --shard, not both");
        return errors;
    }
}

/// <summary>
/// What a feature job did: utterances with features (<paramref name="Kept"/> of them finished by an earlier run and
/// kept), the ones skipped with their reasons, frames in all, and seconds of audio computed in this run.
/// </summary>
public sealed record FeatureJobSummary(int Done, IReadOnlyList<(string Utt, string Reason)> Skipped, long Frames, double AudioSeconds,
    int Kept = 0);
