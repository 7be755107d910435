using SpeechDisentangle.Models.Common.Augmentation;
using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.Metrics;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// The DANN objective for the shared trainer: one turn "main", one optimizer "main" (gradient reversal turns the
/// min-max into one minimisation). Batch keys: the extractor's inputs (e.g. "x", or "feats" + "lengths"),
/// <see cref="DannOptions.DomainKey"/> [B] int64 (0 source, 1 target) and <see cref="DannOptions.LabelKey"/> [B] int64.
/// In training the label loss uses source rows only (target labels, if present, are never read); in Valid/Test
/// label_acc covers every row whose label is not -100, so evaluate a target-only set to get target accuracy.
/// Mixed batches come from a shuffled source over the concatenated source and target sets.
/// Loss = CE(label | source) + CE(domain) (the latter dropped for <see cref="DannOptions.SourceOnly"/>).
/// Stats: loss, label_loss, domain_loss, label_acc, domain_acc, lambda.
/// </summary>
/// <param name="model">The DANN model.</param>
/// <param name="optimizer">Optimizer "main" unless the run config's optimizers.main changes it; default <see cref="PaperOptimizer"/>.</param>
public sealed class DannObjective(DannModel model, OptimizerSettings? optimizer = null) : Objective<DannModel>(model)
{
    public const string MainTurn = "main";

    /// <summary>The paper's SGD with momentum 0.9 and mu_0 = 0.01.</summary>
    public static OptimizerSettings PaperOptimizer { get; } = new() { Kind = OptimizerKind.Sgd, LearningRate = 0.01, Momentum = 0.9 };

    readonly OptimizerSettings _optimizer = optimizer ?? PaperOptimizer;

    public override IReadOnlyList<OptimizerSpec> Optimizers =>
        [new OptimizerSpec(MainTurn, Model.parameters().ToList(), _optimizer)];

    public override IReadOnlyList<string> Turns { get; } = [MainTurn];

    /// <summary>The reversal weight at training progress <paramref name="progress"/> in [0, 1].</summary>
    public double LambdaAt(double progress)
    {
        var o = Model.Options;
        if (o.SourceOnly) return 0;
        return o.LambdaSchedule == LambdaSchedule.Dann ? o.LambdaMax * DannSchedule.Lambda(progress) : o.LambdaMax;
    }

    protected override TurnOutput Compute(Batch batch, string turn, Stage stage, StepContext context)
    {
        var o = Model.Options;
        double lambda = LambdaAt(context.Progress);
        Model.Lambda = lambda;
        if (stage == Stage.Train && o is DannSpeechOptions { VoicePerturbation.Enabled: true } speech)
            batch = WithNewVoices(batch, speech.VoicePerturbation, context.Generator);
        var output = Model.forward(batch);
        var domain = batch.Get(o.DomainKey);
        var labels = batch.Get(o.LabelKey);
        if (stage == Stage.Train) labels = labels.masked_fill(domain.ne(0), SpeechBatchKeys.Ignore);

        // Sum over labelled rows / their count: a batch without source rows gives 0, not NaN.
        var labelled = labels.ne(SpeechBatchKeys.Ignore).sum().clamp_min(1).to(output.LabelLogits.dtype);
        var labelLoss = F.cross_entropy(output.LabelLogits, labels, ignore_index: SpeechBatchKeys.Ignore, reduction: nn.Reduction.Sum) / labelled;
        var domainLoss = F.cross_entropy(output.DomainLogits, domain);
        var loss = o.SourceOnly ? labelLoss : labelLoss + domainLoss;

        var stats = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["loss"] = loss.detach(),
            ["label_loss"] = labelLoss.detach(),
            ["domain_loss"] = domainLoss.detach(),
            ["label_acc"] = ClassificationStats.Accuracy(output.LabelLogits.detach(), labels),
            ["domain_acc"] = ClassificationStats.Accuracy(output.DomainLogits.detach(), domain),
            ["lambda"] = full(Array.Empty<long>(), lambda, dtype: loss.dtype, device: loss.device), // a fill kernel: no host-to-device copy per step
        };
        return new TurnOutput(loss, stats);
    }

    /// <summary>The batch with its speech features [B, T, F] given a new random voice per utterance.</summary>
    static Batch WithNewVoices(Batch batch, VoicePerturbationOptions options, Generator? generator)
    {
        var copy = new Batch();
        foreach (var (key, value) in batch) copy[key] = value;
        var feats = batch.Get(SpeechBatchKeys.Feats);
        copy[SpeechBatchKeys.Feats] = VoicePerturbation.PerExample(feats.transpose(1, 2), options, generator).to(feats.device).transpose(1, 2);
        return copy;
    }
}
