using TorchSharp.Modules;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>
/// Builds part of a graph with some weights frozen (requires_grad off, restored afterwards): backward then carries the
/// gradient through them to their inputs but fills no gradient of theirs, as when a generator's turn is judged by a
/// discriminator it does not step.
/// </summary>
public static class FrozenWeights
{
    public static T While<T>(IEnumerable<Parameter> weights, Func<T> run)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(run);
        var frozen = weights.Where(p => p.requires_grad).ToList();
        foreach (var p in frozen) p.requires_grad = false;
        try
        {
            return run();
        }
        finally
        {
            foreach (var p in frozen) p.requires_grad = true;
        }
    }
}
