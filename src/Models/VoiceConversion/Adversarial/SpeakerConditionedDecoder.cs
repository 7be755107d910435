using SpeechDisentangle.Models.VoiceConversion.Common;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.VoiceConversion.Adversarial;

/// <summary>
/// Content code [B, CodeChannels, T] + speaker ids [B] to log-mel [B, NMels, T]. The speaker embedding is projected
/// to a per-channel bias before every residual block, so each block can re-add the speaker's colour.
/// </summary>
internal sealed class SpeakerConditionedDecoder : Module<Tensor, Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _embedding;
    private readonly Module<Tensor, Tensor> _input;
    private readonly Module<Tensor, Tensor> _act;
    private readonly TorchSharp.Modules.ModuleList<Module<Tensor, Tensor>> _speakerBiases;
    private readonly TorchSharp.Modules.ModuleList<Module<Tensor, Tensor>> _blocks;
    private readonly Module<Tensor, Tensor> _output;

    public SpeakerConditionedDecoder(AdversarialVcOptions o) : base(nameof(SpeakerConditionedDecoder))
    {
        _embedding = Embedding(o.Speakers, o.SpeakerEmbedding);
        _input = Conv1d(o.CodeChannels, o.Channels, o.KernelSize, padding: o.KernelSize / 2);
        _act = LeakyReLU(0.2);
        _speakerBiases = ModuleList(Enumerable.Range(0, o.ResidualBlocks + 1)
            .Select(_ => (Module<Tensor, Tensor>)Linear(o.SpeakerEmbedding, o.Channels)).ToArray());
        _blocks = ModuleList(Enumerable.Range(0, o.ResidualBlocks)
            .Select(i => (Module<Tensor, Tensor>)new ResidualConvBlock($"block{i}", o.Channels, o.KernelSize, instanceNorm: false)).ToArray());
        _output = Conv1d(o.Channels, o.NMels, o.KernelSize, padding: o.KernelSize / 2);
        RegisterComponents();
    }

    /// <summary>Zeroes the output layer, so the module starts by producing zeros (the GAN patcher starts as no change).</summary>
    public void ZeroOutput()
    {
        using var _ = no_grad();
        foreach (var p in _output.parameters()) p.zero_();
    }

    public override Tensor forward(Tensor code, Tensor speakers)
    {
        using var scope = NewDisposeScope();
        var embedding = _embedding.call(speakers);
        var h = _act.call(_input.call(code));
        for (var i = 0; i < _blocks.Count; i++)
            h = _blocks[i].call(h + _speakerBiases[i].call(embedding).unsqueeze(-1));
        h = h + _speakerBiases[_blocks.Count].call(embedding).unsqueeze(-1);
        return _output.call(h).MoveToOuterDisposeScope();
    }
}
