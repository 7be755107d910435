using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Parallel;

/// <summary>
/// The processes (ranks) that train one model together, data-parallel: each computes the gradients of its share of
/// every batch, and the shares' gradients are averaged before each optimizer step. Rank 0 is the one that writes.
/// A single process is <see cref="SingleProcess"/>; several are <see cref="MpiDataParallel"/>.
/// </summary>
public interface IDataParallel : IDisposable
{
    /// <summary>This process's rank, 0 to <see cref="Size"/> - 1.</summary>
    int Rank { get; }

    /// <summary>Number of ranks.</summary>
    int Size { get; }

    /// <summary>Replaces <paramref name="values"/> on every rank with its sum over all ranks (float32 or float64).</summary>
    void SumInPlace(Tensor values);

    /// <summary>Overwrites <paramref name="values"/> on every rank with rank 0's.</summary>
    void BroadcastFromRoot(Tensor values);

    /// <summary>Returns once every rank has called it.</summary>
    void Barrier();
}
