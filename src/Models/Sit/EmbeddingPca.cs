using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Sit;

/// <summary>Principal component projection of embeddings, for 2-D pictures.</summary>
public static class EmbeddingPca
{
    /// <summary>
    /// Projects rows of <paramref name="embeddings"/> [N, D] onto their first <paramref name="components"/>
    /// principal axes (centred, SVD of the data matrix); returns [N, components] on the CPU. The sign of each axis
    /// is fixed so its largest loading is positive, so the picture does not flip between runs.
    /// </summary>
    public static Tensor Project(Tensor embeddings, int components = 2)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.dim() != 2) throw new ArgumentException($"embeddings must be [N, D], got [{string.Join(", ", embeddings.shape)}]", nameof(embeddings));
        if (components < 1 || components > Math.Min(embeddings.shape[0], embeddings.shape[1]))
            throw new ArgumentOutOfRangeException(nameof(components), $"need 1 <= components <= min(N, D) = {Math.Min(embeddings.shape[0], embeddings.shape[1])}");
        using var scope = NewDisposeScope();
        var x = embeddings.to(ScalarType.Float64).cpu();
        var centred = x - x.mean([0], keepdim: true);
        var (_, _, vh) = linalg.svd(centred, fullMatrices: false);
        var axes = vh.narrow(0, 0, components);
        var largest = axes.abs().argmax(1, keepdim: true);
        var signs = axes.gather(1, largest).sign();
        axes = axes * signs;
        return centred.matmul(axes.t()).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }
}
