using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;

namespace SpeechDisentangle.Models.VoiceConversion.Data;

/// <summary>`data:` options of the voice-conversion tasks (vc-adv, vc-adain).</summary>
public sealed record VcDataOptions : IValidatable
{
    /// <summary>Frames per random training segment (RandomSegmenter).</summary>
    public int SegmentFrames { get; init; } = 64;

    /// <summary>Batches in one epoch of random segments.</summary>
    public int BatchesPerEpoch { get; init; } = 50;

    /// <summary>On a flat feature dir: the last N speakers (sorted ids) are held out as unseen (one-shot) voices.</summary>
    public int UnseenSpeakers { get; init; } = 2;

    /// <summary>
    /// On a flat feature dir: these speakers are the unseen (one-shot) voices instead of the last
    /// <see cref="UnseenSpeakers"/>, e.g. to hold out each voice in turn (folds) or the voices a paper held out.
    /// </summary>
    public IReadOnlyList<string> UnseenSpeakerIds { get; init; } = [];

    /// <summary>On a flat feature dir: every N-th utterance of each speaker (sorted ids) is a test utterance.</summary>
    public int TestEvery { get; init; } = 5;

    /// <summary>Speakers left out of training and evaluation altogether (e.g. a voice that duplicates another one).</summary>
    public IReadOnlyList<string> ExcludeSpeakers { get; init; } = [];

    /// <summary>Features are fed as (x − FeatureOffset) / FeatureScale; conversion undoes it before vocoding.</summary>
    public double FeatureOffset { get; init; } = -10.0;

    public double FeatureScale { get; init; } = 4.0;

    /// <summary>Conversion pairs per evaluated condition (seen, unseen).</summary>
    public int EvalPairs { get; init; } = 60;

    /// <summary>Training steps of each judge classifier (speaker, digit) and of the code probe.</summary>
    public int JudgeSteps { get; init; } = 300;

    /// <summary>How the training utterances are read: into memory or streamed (loading.mode auto|memory|stream).</summary>
    public FeatureLoadingOptions Loading { get; init; } = new();

    public IReadOnlyList<string> Errors()
    {
        var errors = Validation.Nested("data.loading", Loading).ToList();
        if (SegmentFrames < 8) errors.Add($"data.segment_frames must be >= 8 (is {SegmentFrames})");
        if (BatchesPerEpoch < 1) errors.Add($"data.batches_per_epoch must be >= 1 (is {BatchesPerEpoch})");
        if (UnseenSpeakers < 0) errors.Add($"data.unseen_speakers must be >= 0 (is {UnseenSpeakers})");
        if (TestEvery < 2) errors.Add($"data.test_every must be >= 2 (is {TestEvery})");
        if (!(FeatureScale > 0)) errors.Add($"data.feature_scale must be > 0 (is {FeatureScale})");
        if (EvalPairs < 1) errors.Add($"data.eval_pairs must be >= 1 (is {EvalPairs})");
        if (ExcludeSpeakers.Any(string.IsNullOrWhiteSpace)) errors.Add("data.exclude_speakers must not hold empty names");
        if (UnseenSpeakerIds.Any(string.IsNullOrWhiteSpace)) errors.Add("data.unseen_speaker_ids must not hold empty names");
        if (UnseenSpeakerIds.Intersect(ExcludeSpeakers, StringComparer.Ordinal).FirstOrDefault() is { } both)
            errors.Add($"speaker '{both}' is both in data.unseen_speaker_ids and in data.exclude_speakers");
        if (JudgeSteps < 1) errors.Add($"data.judge_steps must be >= 1 (is {JudgeSteps})");
        return errors;
    }
}
