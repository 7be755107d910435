using SpeechDisentangle.Models.VoiceConversion.Common;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.VoiceConversion.Adversarial;

/// <summary>Log-mel [B, NMels, T] to content code [B, CodeChannels, T]: conv, residual blocks, 1×1 projection.</summary>
internal sealed class ContentEncoder : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _input;
    private readonly Module<Tensor, Tensor> _act;
    private readonly TorchSharp.Modules.ModuleList<Module<Tensor, Tensor>> _blocks;
    private readonly Module<Tensor, Tensor> _output;

    public ContentEncoder(AdversarialVcOptions o) : base(nameof(ContentEncoder))
    {
        _input = Conv1d(o.NMels, o.Channels, o.KernelSize, padding: o.KernelSize / 2);
        _act = LeakyReLU(0.2);
        _blocks = ModuleList(Enumerable.Range(0, o.ResidualBlocks)
            .Select(i => (Module<Tensor, Tensor>)new ResidualConvBlock($"block{i}", o.Channels, o.KernelSize, instanceNorm: false)).ToArray());
        _output = Conv1d(o.Channels, o.CodeChannels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor mel)
    {
        using var scope = NewDisposeScope();
        var h = _act.call(_input.call(mel));
        foreach (var block in _blocks) h = block.call(h);
        return _output.call(h).MoveToOuterDisposeScope();
    }
}
