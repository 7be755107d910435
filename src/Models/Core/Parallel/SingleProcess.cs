using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Parallel;

/// <summary>One process training alone: every collective is a no-op.</summary>
public sealed class SingleProcess : IDataParallel
{
    public static SingleProcess Instance { get; } = new();

    public int Rank => 0;
    public int Size => 1;
    public void SumInPlace(Tensor values) { }
    public void BroadcastFromRoot(Tensor values) { }
    public void Barrier() { }
    public void Dispose() { }
}
