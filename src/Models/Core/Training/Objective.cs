using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>
/// The one shape of a training objective: it is built around its model (the module that owns every parameter and
/// holds the model's options, layers and inference), names its turns and the optimizer of each (a turn steps the
/// optimizer of its name) and computes one turn's loss and statistics. The trainer owns the loop.
/// </summary>
/// <typeparam name="TModel">The model's module.</typeparam>
public abstract class Objective<TModel> : ITrainable where TModel : nn.Module
{
    protected Objective(TModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
    }

    /// <summary>The model this objective trains.</summary>
    public TModel Model { get; }

    public nn.Module Module => Model;

    /// <summary>
    /// The optimizers, by name. Implementations build the specs on each read from the model's current parameters,
    /// so they stay right after the trainer has moved the model to its device.
    /// </summary>
    public abstract IReadOnlyList<OptimizerSpec> Optimizers { get; }

    public abstract IReadOnlyList<string> Turns { get; }

    public TurnOutput Step(Batch batch, string turn, Stage stage, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(context);
        if (!Turns.Contains(turn))
            throw new ArgumentException($"unknown turn '{turn}' (this objective has: {string.Join(", ", Turns.Distinct())})", nameof(turn));
        return Compute(batch, turn, stage, context);
    }

    /// <summary>One turn on a batch, <paramref name="turn"/> being one of <see cref="Turns"/> (see <see cref="ITrainable.Step"/>).</summary>
    protected abstract TurnOutput Compute(Batch batch, string turn, Stage stage, StepContext context);
}
