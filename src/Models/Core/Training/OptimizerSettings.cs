using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Config;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>The optimizers <see cref="OptimizerFactory"/> builds.</summary>
public enum OptimizerKind { Adam, Adamw, Sgd, Rmsprop }

/// <summary>
/// One optimizer's settings. A model's objective gives each of its optimizers defaults; a run config changes them
/// under <c>optimizers.NAME</c> (the one place for them). <see cref="GradClipNorm"/> = 0 turns clipping off. Whether
/// Adam/AdamW run flat is the trainer's switch, <c>trainer.flat_adam</c>.
/// </summary>
[MovedKey("flat", "trainer.flat_adam")]
public sealed record OptimizerSettings : IValidatable
{
    public OptimizerKind Kind { get; init; } = OptimizerKind.Adam;
    public double LearningRate { get; init; } = 2e-4;
    public double Beta1 { get; init; } = 0.5;
    public double Beta2 { get; init; } = 0.999;
    public double Momentum { get; init; }
    public double WeightDecay { get; init; }
    public double GradClipNorm { get; init; }

    /// <summary>Adam or AdamW, the kinds <see cref="FlatAdam"/> can run.</summary>
    public bool IsAdam => Kind is OptimizerKind.Adam or OptimizerKind.Adamw;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Kind)) errors.Add($"kind must be adam, adamw, sgd or rmsprop (got {(int)Kind})");
        if (!(LearningRate > 0)) errors.Add($"learning_rate must be > 0 (got {LearningRate})");
        if (Beta1 is < 0 or >= 1) errors.Add($"beta1 must be in [0, 1) (got {Beta1})");
        if (Beta2 is < 0 or >= 1) errors.Add($"beta2 must be in [0, 1) (got {Beta2})");
        if (Momentum < 0) errors.Add($"momentum must be >= 0 (got {Momentum})");
        if (WeightDecay < 0) errors.Add($"weight_decay must be >= 0 (got {WeightDecay})");
        if (GradClipNorm < 0) errors.Add($"grad_clip_norm must be >= 0 (got {GradClipNorm})");
        return errors;
    }
}
