using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.VaeGan;

/// <summary>
/// A detached tensor one turn leaves for the next turn of the same step, so the turns share one forward pass as
/// in Larsen et al.'s Algorithm 1 instead of recomputing it. The tensor lives in the step's dispose scope; it is
/// handed over only to a turn on the very same <see cref="Batch"/> object and only once.
/// </summary>
public sealed class TurnHandOff
{
    private Batch? owner;
    private Tensor? value;

    /// <summary>Leaves <paramref name="tensor"/> (detached here) for the next turn on <paramref name="batch"/>.</summary>
    public void Put(Batch batch, Tensor tensor)
    {
        owner = batch;
        value = tensor.detach();
    }

    /// <summary>The tensor left for <paramref name="batch"/>, or null when none was (or it was taken already).</summary>
    public Tensor? Take(Batch batch)
    {
        var result = ReferenceEquals(owner, batch) ? value : null;
        owner = null;
        value = null;
        return result;
    }
}
