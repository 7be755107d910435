using TorchSharp;
using TorchSharp.Modules;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>Builds a TorchSharp optimizer from <see cref="OptimizerSettings"/> (a <see cref="FlatAdam"/> for Adam/AdamW when <c>flat</c>).</summary>
public static class OptimizerFactory
{
    /// <param name="parameters">The parameters the optimizer moves.</param>
    /// <param name="settings">Its settings (valid: see <see cref="OptimizerSettings.Errors"/>).</param>
    /// <param name="flat">Run Adam/AdamW as a <see cref="FlatAdam"/>; other kinds ignore it.</param>
    public static OptimizerHelper Create(IEnumerable<Parameter> parameters, OptimizerSettings settings, bool flat = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var p = parameters.ToList();
        if (flat && settings.IsAdam)
            return new FlatAdam(p, settings.LearningRate, settings.Beta1, settings.Beta2, weightDecay: settings.WeightDecay, decoupled: settings.Kind == OptimizerKind.Adamw);
        return settings.Kind switch
        {
            OptimizerKind.Adam => torch.optim.Adam(p, settings.LearningRate, settings.Beta1, settings.Beta2, weight_decay: settings.WeightDecay),
            OptimizerKind.Adamw => torch.optim.AdamW(p, settings.LearningRate, settings.Beta1, settings.Beta2, weight_decay: settings.WeightDecay),
            OptimizerKind.Sgd => torch.optim.SGD(p, settings.LearningRate, momentum: settings.Momentum, weight_decay: settings.WeightDecay),
            OptimizerKind.Rmsprop => torch.optim.RMSProp(p, settings.LearningRate, momentum: settings.Momentum, weight_decay: settings.WeightDecay),
            _ => throw new ArgumentException($"unknown optimizer kind {settings.Kind} (adam, adamw, sgd, rmsprop)", nameof(settings)),
        };
    }
}
