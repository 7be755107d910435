using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.Metrics;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SpeechDisentangle.Models.Common.Probes;

/// <summary>Plain classification of fixed embeddings: batch keys "x" [B, D] float32 and "y" [B] int64; stats loss, acc.</summary>
internal sealed class ProbeObjective(ClassifierHead head, OptimizerSettings settings) : Objective<ClassifierHead>(head)
{
    public override IReadOnlyList<OptimizerSpec> Optimizers => [new OptimizerSpec("main", Model.parameters().ToList(), settings)];

    public override IReadOnlyList<string> Turns { get; } = ["main"];

    protected override TurnOutput Compute(Batch batch, string turn, Stage stage, StepContext context)
    {
        var logits = Model.forward(batch.Get("x"));
        var labels = batch.Get("y");
        var loss = F.cross_entropy(logits, labels);
        var stats = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["loss"] = loss.detach(),
            ["acc"] = ClassificationStats.Accuracy(logits.detach(), labels),
        };
        return new TurnOutput(loss, stats);
    }
}
