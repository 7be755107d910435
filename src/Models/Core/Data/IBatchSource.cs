using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Data;

/// <summary>
/// A finite, re-iterable source of batches. The trainer asks for one epoch at a time and gives each epoch its own
/// seeded generator, so the order of epoch e depends only on (seed, e) and a resumed run sees the same batches.
/// </summary>
public interface IBatchSource
{
    /// <summary>Batches per epoch.</summary>
    long Count { get; }

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/>, shuffled with <paramref name="generator"/> (a CPU generator)
    /// when the source shuffles. Tensors of a yielded batch belong to the dispose scope that is current when the
    /// enumerator is advanced.
    /// </summary>
    IEnumerable<Batch> Batches(long epoch, Generator generator);
}
