using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.Common;

/// <summary>
/// Cross-entropy training of a <see cref="MnistFeatureClassifier"/>: one turn "main", one optimizer "main".
/// Reads images [B, 1, 28, 28] in [-1, 1] and int64 labels [B] from the given batch keys ("x", "y" by default).
/// Stats: "loss", "accuracy".
/// </summary>
public sealed class ClassifierObjective : Objective<MnistFeatureClassifier>
{
    public const string MainTurn = "main";

    private readonly string _imageKey;
    private readonly string _labelKey;

    public ClassifierObjective(MnistFeatureClassifier classifier, string imageKey = "x", string labelKey = "y") : base(classifier)
    {
        _imageKey = imageKey;
        _labelKey = labelKey;
    }

    /// <summary>Optimizer "main" unless the run config's optimizers.main changes it.</summary>
    public static OptimizerSettings MainOptimizer { get; } = new() { LearningRate = 1e-3, Beta1 = 0.9 };

    public override IReadOnlyList<OptimizerSpec> Optimizers =>
        [new OptimizerSpec(MainTurn, ModuleExtensions.ParametersOf(Model), MainOptimizer)];

    public override IReadOnlyList<string> Turns { get; } = [MainTurn];

    protected override TurnOutput Compute(Batch batch, string turn, Stage stage, StepContext context)
    {
        var logits = Model.forward(batch.Get(_imageKey));
        var labels = batch.Get(_labelKey);
        var loss = nn.functional.cross_entropy(logits, labels);
        var stats = new Dictionary<string, Tensor>
        {
            ["loss"] = loss.detach(),
            ["accuracy"] = logits.detach().argmax(1).eq(labels).to_type(ScalarType.Float32).mean(),
        };
        return new TurnOutput(loss, stats);
    }
}
