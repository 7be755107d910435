using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;

namespace SpeechDisentangle.Models.Sit;

/// <summary>`data:` options of the speaker-invariant training task (reading the split, and how it is evaluated).</summary>
public sealed record SitDataOptions : IValidatable
{
    /// <summary>Feature normalisation: none, utt, speaker (cmvn.scp) or global.</summary>
    public CmvnMode Cmvn { get; init; } = CmvnMode.Speaker;

    /// <summary>Also normalise the variance.</summary>
    public bool NormVars { get; init; }

    /// <summary>
    /// Crop training utterances longer than this to their central frames (0 = keep all). Batches are padded to the
    /// longest utterance, so a few long sentences make every step pay for their length; on synth-digits only the
    /// three-digit sentences (no content label, used for the speaker adversary) are longer than a digit.
    /// </summary>
    public int TrainMaxFrames { get; init; }

    /// <summary>
    /// Training batches of this many speakers with trainer.batch_size / speakers_per_batch utterances each
    /// (<see cref="SpeakerGroupedBatchSource"/>); 0 = plain shuffled batches. With many training speakers the
    /// discriminant and mean-matching adversaries need it: they compare speakers' mean embeddings within a batch.
    /// </summary>
    public int SpeakersPerBatch { get; init; }

    /// <summary>
    /// With <see cref="SpeakersPerBatch"/>: a speaker's utterances in a batch come in pairs of the same content class
    /// (two renditions of a word), so that <c>model_options.adversary_within_content</c> can compare speakers saying
    /// the same thing. Utterance-level content (frame-level content has no class per utterance).
    /// </summary>
    public bool ContentPairs { get; init; }

    /// <summary>Training steps of each fresh probe classifier.</summary>
    public long ProbeSteps { get; init; } = 300;

    /// <summary>Hidden units of the probes (0 = linear).</summary>
    public int ProbeHidden { get; init; }

    /// <summary>
    /// Cross-validation folds of each probe: every held-out utterance is scored by a probe trained on the other
    /// folds, so a probe trains on (folds - 1) / folds of the set (with 2 folds, on half of it).
    /// </summary>
    public int ProbeFolds { get; init; } = 5;

    /// <summary>L2 weight decay of the probes' Adam optimizer (keeps a probe on few utterances from memorising them).</summary>
    public double ProbeWeightDecay { get; init; }

    /// <summary>
    /// Per-frame content labels for <c>model_options.frame_level_content: true</c>: a frame_labels.txt (with
    /// phones.txt beside it, as `sdt data prepare-timit` writes), absolute or relative to the split folder, e.g.
    /// "../train/frame_labels.txt" for a split made from data/train. Empty = none.
    /// </summary>
    public string FrameLabels { get; init; } = "";

    /// <summary>
    /// Utterance-level content classes: word (one-word transcripts, e.g. spoken digits) or sentence (sentences
    /// several training speakers read, e.g. VCTK's shared passages; the split must be made with
    /// `sdt data split --content sentence`, whose content.txt lists them). Ignored with frame-level content.
    /// </summary>
    public ContentMode Content { get; init; } = ContentMode.Word;

    /// <summary>How train/ is read: into memory or streamed (data.loading.mode auto|memory|stream, memory_limit_gb, prefetch_batches).</summary>
    public FeatureLoadingOptions Loading { get; init; } = new();

    /// <summary>Utterances embedded per forward pass during evaluation and extraction.</summary>
    public int EvalBatchSize { get; init; } = 64;

    public IReadOnlyList<string> Errors()
    {
        var errors = Validation.Nested("data.loading", Loading).ToList();
        if (TrainMaxFrames < 0) errors.Add($"data.train_max_frames must be >= 0 (got {TrainMaxFrames})");
        if (SpeakersPerBatch < 0) errors.Add($"data.speakers_per_batch must be >= 0 (got {SpeakersPerBatch})");
        if (ContentPairs && SpeakersPerBatch == 0) errors.Add("data.content_pairs needs data.speakers_per_batch > 0 (pairs are drawn per speaker)");
        if (ProbeSteps < 1) errors.Add($"data.probe_steps must be >= 1 (got {ProbeSteps})");
        if (ProbeFolds < 2) errors.Add($"data.probe_folds must be >= 2 (got {ProbeFolds})");
        if (ProbeWeightDecay < 0 || double.IsNaN(ProbeWeightDecay)) errors.Add($"data.probe_weight_decay must be >= 0 (got {ProbeWeightDecay})");
        if (ProbeHidden < 0) errors.Add($"data.probe_hidden must be >= 0 (got {ProbeHidden})");
        if (EvalBatchSize < 1) errors.Add($"data.eval_batch_size must be >= 1 (got {EvalBatchSize})");
        return errors;
    }
}
