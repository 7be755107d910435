using SpeechDisentangle.Common;

namespace SpeechDisentangle.Models.Vocoder;

/// <summary>`data:` options of the vocoder task: how the audio of a Kaldi data dir is split, cut and judged.</summary>
public sealed record VocoderDataOptions : IValidatable
{
    /// <summary>Mel frames per random training segment; the audio segment is (frames − 1) · hop samples (48: 0.47 s).</summary>
    public int SegmentFrames { get; init; } = 48;

    /// <summary>Batches in one epoch of random segments.</summary>
    public int BatchesPerEpoch { get; init; } = 100;

    /// <summary>The last N speakers (sorted ids) are held-out voices: never trained on, the evaluation's voices.</summary>
    public int UnseenSpeakers { get; init; } = 2;

    /// <summary>These speakers are the held-out voices instead of the last <see cref="UnseenSpeakers"/>.</summary>
    public IReadOnlyList<string> UnseenSpeakerIds { get; init; } = [];

    /// <summary>Every N-th utterance (sorted ids) of each speaker is a test utterance; the rest train (or teach the judges).</summary>
    public int TestEvery { get; init; } = 5;

    /// <summary>At most this many utterances per training speaker are loaded (0 = all), to bound memory and load time.</summary>
    public int MaxUtterancesPerSpeaker { get; init; }

    /// <summary>Held-out test utterances the evaluation vocodes (spread evenly over the held-out voices' test set).</summary>
    public int EvalUtterances { get; init; } = 40;

    /// <summary>Training steps of each judge classifier (speaker, word).</summary>
    public int JudgeSteps { get; init; } = 300;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (SegmentFrames < 8) errors.Add($"segment_frames must be >= 8 (is {SegmentFrames})");
        if (BatchesPerEpoch < 1) errors.Add($"batches_per_epoch must be >= 1 (is {BatchesPerEpoch})");
        if (UnseenSpeakers < 0) errors.Add($"unseen_speakers must be >= 0 (is {UnseenSpeakers})");
        if (UnseenSpeakerIds.Any(string.IsNullOrWhiteSpace)) errors.Add("unseen_speaker_ids must not hold empty names");
        if (TestEvery < 2) errors.Add($"test_every must be >= 2 (is {TestEvery})");
        if (MaxUtterancesPerSpeaker < 0) errors.Add($"max_utterances_per_speaker must be >= 0 (is {MaxUtterancesPerSpeaker})");
        if (EvalUtterances < 1) errors.Add($"eval_utterances must be >= 1 (is {EvalUtterances})");
        if (JudgeSteps < 1) errors.Add($"judge_steps must be >= 1 (is {JudgeSteps})");
        return errors;
    }
}
