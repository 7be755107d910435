using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Augmentation;

/// <summary>
/// Stretches log-mels along the mel axis: out[b, m, t] = mel[b, m · α_b, t] (linear interpolation between bands,
/// the top band repeated past the edge). α &gt; 1 moves the spectrum down, α &lt; 1 up; on a mel scale this shifts
/// formants and harmonics together, i.e. it changes the apparent speaker (vocal-tract-length perturbation).
/// </summary>
public static class MelAxisWarp
{
    /// <summary>Warps each example of <paramref name="mel"/> [B, NMels, T] by its own factor <paramref name="factors"/> [B].</summary>
    public static Tensor Apply(Tensor mel, Tensor factors)
    {
        ArgumentNullException.ThrowIfNull(mel);
        ArgumentNullException.ThrowIfNull(factors);
        if (mel.dim() != 3) throw new ArgumentException($"expected log-mels [B, NMels, T], got [{string.Join(", ", mel.shape)}]");
        if (factors.dim() != 1 || factors.shape[0] != mel.shape[0])
            throw new ArgumentException($"expected one factor per example [{mel.shape[0]}], got [{string.Join(", ", factors.shape)}]");
        using var scope = NewDisposeScope();
        long bins = mel.shape[1], frames = mel.shape[2];
        var bands = arange(bins, dtype: ScalarType.Float32, device: mel.device).unsqueeze(0);
        var position = (bands * factors.to(ScalarType.Float32).to(mel.device).unsqueeze(1)).clamp(0, bins - 1);  // [B, NMels]
        var lower = position.floor();
        var fraction = (position - lower).unsqueeze(2);
        var lowIndex = lower.to(ScalarType.Int64);
        var highIndex = (lowIndex + 1).clamp(max: bins - 1);
        var low = mel.gather(1, lowIndex.unsqueeze(2).expand(-1, -1, frames));
        var high = mel.gather(1, highIndex.unsqueeze(2).expand(-1, -1, frames));
        return (low + ((high - low) * fraction)).MoveToOuterDisposeScope();
    }

    /// <summary>Warps each example by a factor drawn uniformly from [1 − <paramref name="maxWarp"/>, 1 + maxWarp].</summary>
    public static Tensor Random(Tensor mel, double maxWarp, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(mel);
        using var factors = RandomFactors(mel.shape[0], maxWarp, generator?.device ?? mel.device, generator);
        return Apply(mel, factors);
    }

    /// <summary><paramref name="n"/> factors drawn uniformly from [1 − <paramref name="maxWarp"/>, 1 + maxWarp], float32 on <paramref name="device"/>.</summary>
    public static Tensor RandomFactors(long n, double maxWarp, Device device, Generator? generator)
    {
        if (maxWarp is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(maxWarp), maxWarp, "must be in [0, 1)");
        using var uniform = rand([n], dtype: ScalarType.Float32, device: device, generator: generator);
        return uniform.mul(2 * maxWarp).add(1 - maxWarp);
    }
}
