using SpeechDisentangle.Models.Core.Training;

namespace SpeechDisentangle.Models.Core.Parallel;

/// <summary>What data-parallel training sends through the allreduce per step: every turn averages its optimizer's gradients.</summary>
public static class AllreduceVolume
{
    /// <summary>Parameters of the model (each counted once).</summary>
    public static long Parameters(ITrainable model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Module.parameters().DistinctBy(p => p.Handle).Sum(p => p.numel());
    }

    /// <summary>Gradient elements summed per step: for each turn, the parameters of the optimizer it steps.</summary>
    public static long ElementsPerStep(ITrainable model) => ElementsPerTurn(model).Sum();

    /// <summary>The elements of each turn's allreduce, in the order of the turns.</summary>
    public static IReadOnlyList<long> ElementsPerTurn(ITrainable model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var sizes = model.Optimizers.ToDictionary(o => o.Name, o => o.Parameters.DistinctBy(p => p.Handle).Sum(p => p.numel()), StringComparer.Ordinal);
        return [.. model.Turns.Select(t => sizes[t])];
    }
}
