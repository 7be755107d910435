using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>Which pass the trainer is running; every hook is told.</summary>
public enum Stage { Train, Valid, Test }

/// <summary>
/// A named batch of tensors ("x", "y", "speaker", "lengths", ...). Each model documents the keys it reads.
/// The batch owns its tensors only inside the trainer's dispose scope.
/// </summary>
public sealed class Batch : Dictionary<string, Tensor>
{
    public Batch() : base(StringComparer.Ordinal) { }

    /// <summary>Number of examples: the first dimension of the first tensor.</summary>
    public long Size => Count == 0 ? 0 : Values.First().shape[0];

    public Tensor Get(string key) =>
        TryGetValue(key, out var t) ? t : throw new KeyNotFoundException($"batch has no '{key}' (has: {string.Join(", ", Keys)})");
}

/// <summary>What an objective knows of the run while it computes one turn.</summary>
/// <param name="Step">Optimizer steps taken so far (0-based, counts whole steps, not turns).</param>
/// <param name="Progress">Step / total steps, in [0, 1]; drives schedules such as DANN's lambda_p.</param>
/// <param name="Device">Where the model and batches live.</param>
/// <param name="Generator">The run's seeded random generator: draw every noise sample from it so runs repeat.</param>
public sealed record StepContext(long Step, double Progress, Device Device, Generator? Generator);

/// <summary>One optimizer an objective needs: its name, the parameters it moves and its settings.</summary>
public sealed record OptimizerSpec(string Name, IReadOnlyList<TorchSharp.Modules.Parameter> Parameters, OptimizerSettings Settings);

/// <summary>
/// What one turn returns: the loss to back-propagate and named statistics (scalars, detached). The loss belongs to
/// the optimizer of the turn's name: the trainer zeroes that optimizer's gradients, runs backward, clips and steps it.
/// </summary>
public sealed record TurnOutput(Tensor Loss, IReadOnlyDictionary<string, Tensor> Stats);

/// <summary>
/// A model plus its objective: everything the one shared <c>Trainer</c> needs to know. Objectives own no loop.
/// A turn is named after the optimizer it steps: a GAN names turns such as "discriminator", "generator" (each its
/// own optimizer); a classifier has one turn and optimizer, "main". Models derive from <see cref="Objective{TModel}"/>.
/// </summary>
public interface ITrainable
{
    /// <summary>The module that owns every parameter (checkpointing and device moves go through it).</summary>
    nn.Module Module { get; }

    /// <summary>The optimizers this objective needs, by name.</summary>
    IReadOnlyList<OptimizerSpec> Optimizers { get; }

    /// <summary>The turns of one training step, in order; each names one of <see cref="Optimizers"/> (a turn may repeat).</summary>
    IReadOnlyList<string> Turns { get; }

    /// <summary>
    /// Computes one turn on a batch. In <see cref="Stage.Train"/> the loss must carry gradients; in Valid/Test the
    /// trainer calls it under no_grad and only reads the stats.
    /// </summary>
    TurnOutput Step(Batch batch, string turn, Stage stage, StepContext context);
}
