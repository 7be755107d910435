using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.Metrics;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SpeechDisentangle.Models.Common.Probes;

/// <summary>Plain classification of fixed embeddings: batch keys "x" [B, D] float32 and "y" [B] int64; stats loss, acc.</summary>
internal sealed class ProbeObjective : ITrainable
{
    readonly ClassifierHead _head;
    readonly OptimizerSettings _settings;

    public ProbeObjective(ClassifierHead head, OptimizerSettings settings)
    {
        _head = head;
        _settings = settings;
    }

    public nn.Module Module => _head;

    public IReadOnlyList<OptimizerSpec> Optimizers => [new OptimizerSpec("main", _head.parameters().ToList(), _settings)];

    public IReadOnlyList<string> Turns { get; } = ["main"];

    public TurnOutput Step(Batch batch, string turn, Stage stage, StepContext context)
    {
        var logits = _head.forward(batch.Get("x"));
        var labels = batch.Get("y");
        var loss = F.cross_entropy(logits, labels);
        var stats = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["loss"] = loss.detach(),
            ["acc"] = ClassificationStats.Accuracy(logits.detach(), labels),
        };
        return new TurnOutput(loss, stats, "main");
    }
}
