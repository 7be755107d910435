using TorchSharp;
using TorchSharp.Modules;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>Builds a TorchSharp optimizer from <see cref="OptimizerSettings"/> (a <see cref="FlatAdam"/> when <c>flat</c> is set).</summary>
public static class OptimizerFactory
{
    public static OptimizerHelper Create(IEnumerable<Parameter> parameters, OptimizerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var p = parameters.ToList();
        if (settings.Flat && settings.Kind is ("adam" or "adamw"))
            return new FlatAdam(p, settings.LearningRate, settings.Beta1, settings.Beta2, weightDecay: settings.WeightDecay, decoupled: settings.Kind == "adamw");
        if (settings.Flat) throw new ArgumentException($"flat applies to adam and adamw, not to '{settings.Kind}'", nameof(settings));
        return settings.Kind switch
        {
            "adam" => torch.optim.Adam(p, settings.LearningRate, settings.Beta1, settings.Beta2, weight_decay: settings.WeightDecay),
            "adamw" => torch.optim.AdamW(p, settings.LearningRate, settings.Beta1, settings.Beta2, weight_decay: settings.WeightDecay),
            "sgd" => torch.optim.SGD(p, settings.LearningRate, momentum: settings.Momentum, weight_decay: settings.WeightDecay),
            "rmsprop" => torch.optim.RMSProp(p, settings.LearningRate, momentum: settings.Momentum, weight_decay: settings.WeightDecay),
            _ => throw new ArgumentException($"unknown optimizer kind '{settings.Kind}' (adam, adamw, sgd, rmsprop)", nameof(settings)),
        };
    }

    /// <summary>Every problem with <paramref name="settings"/> at once (empty when valid).</summary>
    public static IReadOnlyList<string> Errors(OptimizerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<string>();
        if (settings.Kind is not ("adam" or "adamw" or "sgd" or "rmsprop")) errors.Add($"kind must be adam, adamw, sgd or rmsprop (got '{settings.Kind}')");
        if (!(settings.LearningRate > 0)) errors.Add($"learning_rate must be > 0 (got {settings.LearningRate})");
        if (settings.Beta1 is < 0 or >= 1) errors.Add($"beta1 must be in [0, 1) (got {settings.Beta1})");
        if (settings.Beta2 is < 0 or >= 1) errors.Add($"beta2 must be in [0, 1) (got {settings.Beta2})");
        if (settings.Momentum < 0) errors.Add($"momentum must be >= 0 (got {settings.Momentum})");
        if (settings.WeightDecay < 0) errors.Add($"weight_decay must be >= 0 (got {settings.WeightDecay})");
        if (settings.Flat && settings.Kind is not ("adam" or "adamw")) errors.Add($"flat applies to adam and adamw only (kind is '{settings.Kind}')");
        if (settings.GradClipNorm < 0) errors.Add($"grad_clip_norm must be >= 0 (got {settings.GradClipNorm})");
        return errors;
    }
}
