using SpeechDisentangle.Models.Common.Augmentation;
using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.Metrics;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SpeechDisentangle.Models.Sit;

/// <summary>
/// The speaker-invariant training objective for the shared trainer: Meng et al.'s alternating min-max.
/// Turn "speaker" (optimizer "speaker", the speaker classifier only): minimise speaker CE on the frozen encoder's
/// output. Turn "encoder_content" (optimizer "encoder_content", encoder and content head): minimise content CE plus
/// lambda × the adversary term (<see cref="SitOptions.AdversaryLoss"/>): with reversal the speaker CE through
/// gradient reversal (the encoder maximises it), with confusion the CE against uniform speaker targets, with
/// mean_matching (not adversarial) <see cref="BetweenSpeakerShare"/> of the standardised pooled embedding, with
/// discriminant the same share of the whitened pooled embedding (the speaker classifier then only monitors). <see cref="SitOptions.SpeakerSteps"/> repeats the speaker turn on each batch.
/// Batch keys: "feats" [B, T, F] float32, "lengths" [B] int64, "speaker" [B] int64, and either "content" [B] int64
/// (utterance-level) or "frame_content" [B, T] int64 aligned with feats, -100 on ignored frames (frame-level).
/// Stats: speaker_loss, speaker_acc (turn "speaker"); content_loss, content_acc, adv_speaker_loss (the speaker CE
/// seen by the encoder), adv_penalty (the adversary's term in the encoder's loss, lambda included), lambda (turn
/// "encoder_content"); the trainer adds loss_speaker and loss_encoder_content.
/// No stat is called "loss": set <see cref="TrainerOptions.BestMetric"/> (e.g. "content_loss") or leave it null.
/// </summary>
/// <remarks>
/// Why two optimizers rather than one optimizer over everything with the reversal layer (the simplest form): on
/// our synthetic speakers the single-optimizer version let the encoder make the classifier confidently wrong
/// (training speaker accuracy below chance) while a fresh linear probe read the speaker perfectly, better than from
/// the baseline. The classifier needs its own, faster optimizer to keep up. Why confusion is the default: even
/// with a fast classifier, maximising its cross-entropy rewards features that let it be confidently wrong, which
/// needs the speaker; pushing it to uniform does not (measured in the tests: the probe falls from ~0.96 to ~0.4).
/// </remarks>
public sealed class SitObjective(SitModel model) : Objective<SitModel>(model)
{
    /// <summary>Turn and optimizer that train the speaker classifier.</summary>
    public const string SpeakerTurn = "speaker";

    /// <summary>Turn and optimizer that train the encoder and the content head.</summary>
    public const string EncoderTurn = "encoder_content";

    /// <summary>Optimizer "encoder_content" (the encoder and the content head) unless the run config's optimizers.encoder_content changes it.</summary>
    public static OptimizerSettings EncoderOptimizer { get; } = new() { LearningRate = 1e-3, Beta1 = 0.9 };

    /// <summary>Optimizer "speaker" (the speaker classifier, faster than the encoder so it keeps up) unless the run config changes it.</summary>
    public static OptimizerSettings SpeakerOptimizer { get; } = new() { LearningRate = 2e-2, Beta1 = 0.9 };

    public override IReadOnlyList<OptimizerSpec> Optimizers =>
    [
        new OptimizerSpec(SpeakerTurn, Model.SpeakerClassifier.parameters().ToList(), SpeakerOptimizer),
        new OptimizerSpec(EncoderTurn, Model.Encoder.parameters().Concat(Model.ContentHead.parameters()).ToList(), EncoderOptimizer),
    ];

    /// <summary><see cref="SitOptions.SpeakerSteps"/> speaker turns, then the encoder turn.</summary>
    public override IReadOnlyList<string> Turns => [.. Enumerable.Repeat(SpeakerTurn, Model.Options.SpeakerSteps), EncoderTurn];

    /// <summary>The reversal weight at training progress <paramref name="progress"/> in [0, 1].</summary>
    public double LambdaAt(double progress)
    {
        var o = Model.Options;
        if (!o.Adversarial) return 0;
        return o.LambdaSchedule == LambdaSchedule.Dann ? o.Lambda * DannSchedule.Lambda(progress) : o.Lambda;
    }

    protected override TurnOutput Compute(Batch batch, string turn, Stage stage, StepContext context)
    {
        var speakers = batch.Get(SpeechBatchKeys.Speaker);
        var original = batch.Get(SpeechBatchKeys.Feats);
        var feats = Augment(original, speakers, stage, context);
        var lengths = batch.Get(SpeechBatchKeys.Lengths);
        if (turn == SpeakerTurn)
        {
            EncoderOutput encoded;
            using (no_grad()) encoded = Model.Encoder.forward(feats, lengths);
            var (logits, labels) = SpeakerTargets(Model.ClassifySpeaker(encoded), speakers, encoded);
            var loss = F.cross_entropy(logits, labels, ignore_index: SpeechBatchKeys.Ignore);
            return new TurnOutput(loss, new Dictionary<string, Tensor>(StringComparer.Ordinal)
            {
                ["speaker_loss"] = loss.detach(),
                ["speaker_acc"] = ClassificationStats.Accuracy(logits.detach(), labels),
            });
        }

        double lambda = LambdaAt(context.Progress);
        var kind = Model.Options.AdversaryLoss;
        bool reversal = kind == AdversaryLoss.Reversal;
        // Except with reversal the classifier sees the features as they are and the encoder's term carries lambda itself.
        Model.Lambda = reversal ? lambda : -1;
        var output = Model.forward(feats, lengths);
        var (contentLogits, contentLabels) = ContentTargets(batch, output);
        var (speakerLogits, speakerLabels) = SpeakerTargets(output.SpeakerLogits, speakers, output.Encoded);
        var contentLoss = F.cross_entropy(contentLogits, contentLabels, ignore_index: SpeechBatchKeys.Ignore);
        var speakerLoss = F.cross_entropy(speakerLogits, speakerLabels, ignore_index: SpeechBatchKeys.Ignore);
        var penalty = kind switch
        {
            AdversaryLoss.Reversal => speakerLoss,
            AdversaryLoss.Confusion => lambda * UniformCrossEntropy(speakerLogits, speakerLabels),
            // The classifier's loss stays out of the encoder's (its gradient would pull towards the speaker).
            AdversaryLoss.MeanMatching => lambda * SpeakerShare(Standardize(AdversaryReads(output.Encoded)), speakers, batch),
            _ => lambda * DiscriminantShare(AdversaryReads(output.Encoded), speakers, batch, stage),
        };
        var total = contentLoss + penalty;
        var stats = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        double consistencyWeight = Model.Options.PerturbationConsistency;
        if (stage == Stage.Train && consistencyWeight > 0)
        {
            var consistency = FrameConsistency(Model.Encoder.forward(original, lengths), output.Encoded);
            stats["consistency"] = consistency.detach();
            total = total + (consistencyWeight * consistency);
        }
        return new TurnOutput(total, new Dictionary<string, Tensor>(stats, StringComparer.Ordinal)
        {
            ["adv_penalty"] = penalty.detach(),
            ["content_loss"] = contentLoss.detach(),
            ["content_acc"] = ClassificationStats.Accuracy(contentLogits.detach(), contentLabels),
            ["adv_speaker_loss"] = speakerLoss.detach(),
            ["lambda"] = full(Array.Empty<long>(), lambda, dtype: total.dtype, device: total.device), // a fill kernel: no host copy per step
        });
    }

    /// <summary>
    /// The share of the batch's variance of embeddings <paramref name="z"/> [B, D] that lies between the speakers'
    /// means: sum over speakers of n_s × |mean_s - mean|², over the sum of |z_i - mean|², in [0, 1]. At 0 every
    /// speaker has the same mean embedding, so a linear probe has no mean difference to read. Speakers are ids in
    /// [0, <paramref name="speakerClasses"/>) (passed in, so no value is read back from the device).
    /// </summary>
    public static Tensor BetweenSpeakerShare(Tensor z, Tensor speakers, long speakerClasses)
    {
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(speakers);
        var centred = z - z.mean([0], keepdim: true);
        var onehot = F.one_hot(speakers, speakerClasses).to(z.dtype);          // [B, S]
        var counts = onehot.sum([0L]);                                             // [S]
        var means = onehot.t().matmul(centred) / counts.clamp_min(1).unsqueeze(1);  // [S, D]
        var between = (counts * means.pow(2).sum([1L])).sum();
        return between / centred.pow(2).sum().clamp_min(1e-12);
    }

    /// <summary>
    /// Squared difference between the valid frames of <paramref name="original"/> and <paramref name="perturbed"/>
    /// (the same utterances, so the same frame lengths) over the spread of the original's frames around their mean:
    /// 0 when the perturbation changes no frame, about 2 when the two are unrelated.
    /// </summary>
    public static Tensor FrameConsistency(EncoderOutput original, EncoderOutput perturbed)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(perturbed);
        var mask = MaskedStatsPooling.FrameMask(original.FrameLengths, original.Frames.shape[1], original.Frames.dtype).unsqueeze(2);
        var count = mask.sum().clamp_min(1);
        var mean = (original.Frames * mask).sum([0L, 1L], keepdim: true) / count;
        var spread = ((original.Frames - mean).pow(2) * mask).sum();
        var difference = ((perturbed.Frames - original.Frames).pow(2) * mask).sum();
        return difference / spread.clamp_min(1e-8);
    }

    /// <summary>The pooled embedding, or the frames' mean and standard deviation per utterance (<see cref="SitOptions.AdversaryInput"/>).</summary>
    public Tensor AdversaryReads(EncoderOutput encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        return Model.Options.AdversaryInput == AdversaryInput.FrameStats
            ? MaskedStatsPooling.Pool(encoded.Frames, encoded.FrameLengths, withStd: true)
            : encoded.Pooled;
    }

    /// <summary>Each dimension of [B, D] scaled to unit standard deviation over the batch.</summary>
    static Tensor Standardize(Tensor x) => x / x.std(0, keepdim: true).clamp_min(1e-3);

    /// <summary>
    /// <see cref="BetweenSpeakerShare"/> of the pooled embeddings after whitening with the model's running
    /// covariance, which takes in this batch first when training (see <see cref="SitOptions.AdversaryLoss"/>,
    /// discriminant); evaluation batches are measured without changing it.
    /// </summary>
    Tensor DiscriminantShare(Tensor pooled, Tensor speakers, Batch batch, Stage stage)
    {
        var whitening = Model.Whitening ?? throw new InvalidOperationException("the model was built without a running whitening (adversary_loss is not 'discriminant')");
        if (stage == Stage.Train) whitening.Update(pooled);
        return SpeakerShare(whitening.Apply(pooled), speakers, batch);
    }

    /// <summary><see cref="BetweenSpeakerShare"/>, or with <see cref="SitOptions.AdversaryWithinContent"/> <see cref="WithinContentSpeakerShare"/>.</summary>
    Tensor SpeakerShare(Tensor z, Tensor speakers, Batch batch) => Model.Options.AdversaryWithinContent
        ? WithinContentSpeakerShare(z, speakers, batch.Get(SpeechBatchKeys.Content))
        : BetweenSpeakerShare(z, speakers, Model.Options.SpeakerClasses);

    /// <summary>
    /// The share of the batch's variance of <paramref name="z"/> [B, D] that lies between the speakers' means within
    /// each content class: sum over (speaker, content) cells of n × |cell mean − content mean|², over the total sum
    /// of squares. Rows without content (-100) form one more class. 0 when every speaker says each word with that
    /// word's mean embedding. Only contents that two or more of the batch's speakers say count: a content one speaker
    /// says alone has its cell mean as its content mean. Group means come from B × B same-group masks, so the cost
    /// does not grow with the number of speakers or contents and nothing is read back from the device.
    /// </summary>
    public static Tensor WithinContentSpeakerShare(Tensor z, Tensor speakers, Tensor content)
    {
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(speakers);
        ArgumentNullException.ThrowIfNull(content);
        var word = content.clamp_min(-1);  // every unlabelled row (-100) in one class
        var sameWord = word.unsqueeze(1).eq(word.unsqueeze(0));
        var sameCell = sameWord.logical_and(speakers.unsqueeze(1).eq(speakers.unsqueeze(0)));
        var between = (RowGroupMeans(z, sameCell) - RowGroupMeans(z, sameWord)).pow(2).sum();
        var centred = z - z.mean([0], keepdim: true);
        return between / centred.pow(2).sum().clamp_min(1e-12);
    }

    /// <summary>Row i: the mean of the rows j of <paramref name="z"/> [B, D] with <paramref name="same"/>[i, j] (a B × B mask holding its diagonal).</summary>
    static Tensor RowGroupMeans(Tensor z, Tensor same)
    {
        var weights = same.to(z.dtype);
        return weights.matmul(z) / weights.sum([1L], keepdim: true);
    }

    /// <summary>
    /// In training, feats [B, T, F] with <see cref="SitOptions.VoicePerturbation"/> (a new voice per speaker of the
    /// batch) and then <see cref="SitOptions.VoiceWarp"/> (a mel-axis warp per utterance), each when switched on.
    /// </summary>
    Tensor Augment(Tensor feats, Tensor speakers, Stage stage, StepContext context)
    {
        if (stage != Stage.Train) return feats;
        var perturbation = Model.Options.VoicePerturbation;
        if (perturbation.Enabled)
            feats = VoicePerturbation.ForSpeakers(feats.transpose(1, 2), speakers, Model.Options.SpeakerClasses, perturbation, context.Generator).transpose(1, 2);
        double warp = Model.Options.VoiceWarp;
        if (warp == 0) return feats;
        return MelAxisWarp.Random(feats.transpose(1, 2), warp, context.Generator).to(feats.device).transpose(1, 2);
    }

    /// <summary>Cross-entropy of the logits against the uniform distribution, over rows whose label is not ignored.</summary>
    static Tensor UniformCrossEntropy(Tensor logits, Tensor labels)
    {
        var valid = labels.ne(SpeechBatchKeys.Ignore).to(logits.dtype);
        var perRow = -F.log_softmax(logits, -1).mean([-1L]);
        return (perRow * valid).sum() / valid.sum().clamp_min(1);
    }

    (Tensor Logits, Tensor Labels) ContentTargets(Batch batch, SitOutput output)
    {
        if (!Model.Options.FrameLevelContent) return (output.ContentLogits, batch.Get(SpeechBatchKeys.Content));
        var aligned = Model.Encoder.AlignFrameLabels(batch.Get(SpeechBatchKeys.FrameContent), output.Encoded.FrameLengths);
        return (output.ContentLogits.flatten(0, 1), aligned.flatten());
    }

    (Tensor Logits, Tensor Labels) SpeakerTargets(Tensor logits, Tensor speakers, EncoderOutput encoded)
    {
        if (!Model.Options.SpeakerOnFrames) return (logits, speakers);
        // Every valid frame carries its utterance's speaker; padding frames are ignored.
        long frames = logits.shape[1];
        var padding = MaskedStatsPooling.FrameMask(encoded.FrameLengths, frames, ScalarType.Bool).logical_not();
        var labels = speakers.unsqueeze(1).expand(-1, frames).masked_fill(padding, SpeechBatchKeys.Ignore);
        return (logits.flatten(0, 1), labels.flatten());
    }
}
