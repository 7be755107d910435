using SpeechDisentangle.Common;

namespace SpeechDisentangle.Models.Common.Encoders;

/// <summary>
/// Shape of a <see cref="SpeechEncoder"/>: a stack of TDNN layers (dilated 1-D convolutions over time, each followed
/// by batch norm and ReLU, as in x-vector front ends). Layer i has <c>Channels[i]</c> outputs, kernel
/// <c>Kernels[i]</c> (odd, so a frame's context is symmetric) and dilation <c>Dilations[i]</c>; the last layer's
/// channel count is the per-frame embedding size D. The defaults are x-vector's frame layers at a quarter width.
/// </summary>
public sealed record SpeechEncoderOptions : IValidatable
{
    /// <summary>Log-mel bins per input frame (F).</summary>
    public int InputBins { get; init; } = 80;

    public IReadOnlyList<int> Channels { get; init; } = [128, 128, 128, 128, 128];

    public IReadOnlyList<int> Kernels { get; init; } = [5, 3, 3, 1, 1];

    public IReadOnlyList<int> Dilations { get; init; } = [1, 2, 3, 1, 1];

    /// <summary>Pool mean and standard deviation (utterance embedding of 2D) rather than the mean alone (D).</summary>
    public bool PoolStd { get; init; } = true;

    /// <summary>
    /// How many of the first layers use instance normalisation over each utterance's frames (no learned scale; as in
    /// AdaIN-VC's content encoder) instead of batch norm. It removes each utterance's per-channel time statistics,
    /// where a voice's timbre sits, before the later layers see them. The last layer always keeps batch norm, since
    /// statistics pooling over an instance-normalised layer would give the same mean 0 and std 1 for every utterance.
    /// </summary>
    public int InstanceNormLayers { get; init; }

    /// <summary>Receptive field in frames: 1 + sum of (kernel - 1) * dilation.</summary>
    public int ReceptiveField => 1 + Kernels.Zip(Dilations, (k, d) => (k - 1) * d).Sum();

    /// <summary>Size of the per-frame embedding (the last layer's channels).</summary>
    public int FrameDim => Channels.Count == 0 ? 0 : Channels[^1];

    /// <summary>Size of the pooled utterance embedding.</summary>
    public int PooledDim => PoolStd ? 2 * FrameDim : FrameDim;

    public IReadOnlyList<string> Errors() => [.. Problems()];

    IEnumerable<string> Problems()
    {
        if (InputBins < 1) yield return $"input_bins must be >= 1 (got {InputBins})";
        if (Channels.Count == 0) yield return "channels must list at least one layer";
        if (Kernels.Count != Channels.Count || Dilations.Count != Channels.Count)
            yield return $"channels, kernels and dilations must have the same length (got {Channels.Count}, {Kernels.Count}, {Dilations.Count})";
        if (InstanceNormLayers < 0 || (Channels.Count > 0 && InstanceNormLayers >= Channels.Count))
            yield return $"instance_norm_layers must be in [0, {Math.Max(0, Channels.Count - 1)}] (the last layer keeps batch norm; got {InstanceNormLayers})";
        for (int i = 0; i < Channels.Count; i++)
            if (Channels[i] < 1) yield return $"channels[{i}] must be >= 1 (got {Channels[i]})";
        for (int i = 0; i < Kernels.Count; i++)
            if (Kernels[i] < 1 || Kernels[i] % 2 == 0) yield return $"kernels[{i}] must be odd and >= 1 (got {Kernels[i]})";
        for (int i = 0; i < Dilations.Count; i++)
            if (Dilations[i] < 1) yield return $"dilations[{i}] must be >= 1 (got {Dilations[i]})";
    }
}
