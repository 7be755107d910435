namespace SpeechDisentangle.Models.Core.Training;

/// <summary>
/// Optional for an <see cref="ITrainable"/>: the trainer calls it right after each optimizer step of a training
/// turn, so a model can keep state that follows its weights (e.g. a weight average, <see cref="WeightAverage"/>).
/// </summary>
public interface IAfterOptimizerStep
{
    /// <summary>Called after <paramref name="optimizer"/> stepped in <paramref name="context"/>'s step.</summary>
    void AfterOptimizerStep(string optimizer, StepContext context);
}
