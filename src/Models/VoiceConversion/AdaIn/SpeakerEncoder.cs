using SpeechDisentangle.Models.VoiceConversion.Common;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.VoiceConversion.AdaIn;

/// <summary>Reference log-mel [B, NMels, T'] (any length) to a speaker embedding [B, SpeakerEmbedding]:
/// convs and residual blocks, pooling over time (mean, or mean and standard deviation), linear (and, with
/// <see cref="AdaInVcOptions.SpeakerEmbeddingSphere"/>, a projection onto the sphere of radius √E).</summary>
internal sealed class SpeakerEncoder : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _input;
    private readonly Module<Tensor, Tensor> _act;
    private readonly TorchSharp.Modules.ModuleList<Module<Tensor, Tensor>> _blocks;
    private readonly Module<Tensor, Tensor> _output;
    private readonly bool _poolStd;
    private readonly bool _sphere;

    public SpeakerEncoder(AdaInVcOptions o) : base(nameof(SpeakerEncoder))
    {
        _input = Conv1d(o.NMels, o.Channels, o.KernelSize, padding: o.KernelSize / 2);
        _act = LeakyReLU(0.2);
        _blocks = ModuleList(Enumerable.Range(0, o.Blocks)
            .Select(i => (Module<Tensor, Tensor>)new ResidualConvBlock($"block{i}", o.Channels, o.KernelSize, instanceNorm: false)).ToArray());
        _poolStd = o.SpeakerPoolStd;
        _output = Linear(_poolStd ? 2 * o.Channels : o.Channels, o.SpeakerEmbedding);
        _sphere = o.SpeakerEmbeddingSphere;
        RegisterComponents();
    }

    public override Tensor forward(Tensor mel)
    {
        using var scope = NewDisposeScope();
        var h = _act.call(_input.call(mel));
        foreach (var block in _blocks) h = block.call(h);
        // Biased std (no Bessel correction) stays defined for a one-frame reference.
        var pooled = _poolStd ? cat([h.mean([-1]), h.var([-1], unbiased: false).add(1e-5).sqrt()], 1) : h.mean([-1]);
        var embedding = _output.call(pooled);
        // Radius √E keeps the elements near unit scale for the AdaIN layers that read them.
        if (_sphere) embedding = nn.functional.normalize(embedding, p: 2, dim: 1) * Math.Sqrt(embedding.shape[1]);
        return embedding.MoveToOuterDisposeScope();
    }
}
