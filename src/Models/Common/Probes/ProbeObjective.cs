using SpeechDisentangle.Models.Common.Metrics;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SpeechDisentangle.Models.Common.Probes;

/// <summary>
/// Plain classification of fixed inputs by a probe: batch keys "x" [B, ...] and "y" [B] int64; one turn and
/// optimizer "main"; stats loss, acc.
/// </summary>
internal sealed class ProbeObjective(nn.Module<Tensor, Tensor> probe, OptimizerSettings settings) : Objective<nn.Module<Tensor, Tensor>>(probe)
{
    public const string InputKey = "x";
    public const string LabelKey = "y";

    public override IReadOnlyList<OptimizerSpec> Optimizers => [new OptimizerSpec("main", Model.parameters().ToList(), settings)];

    public override IReadOnlyList<string> Turns { get; } = ["main"];

    protected override TurnOutput Compute(Batch batch, string turn, Stage stage, StepContext context)
    {
        var logits = Model.call(batch.Get(InputKey));
        var labels = batch.Get(LabelKey);
        var loss = F.cross_entropy(logits, labels);
        var stats = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["loss"] = loss.detach(),
            ["acc"] = ClassificationStats.Accuracy(logits.detach(), labels),
        };
        return new TurnOutput(loss, stats);
    }
}
