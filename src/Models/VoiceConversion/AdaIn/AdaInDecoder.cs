using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.VoiceConversion.AdaIn;

/// <summary>
/// Content code [B, ContentChannels, T / ContentDownsample] + speaker embedding [B, E] to log-mel [B, NMels, T]
/// (nearest-neighbour upsampling before the first log2(ContentDownsample) blocks). Each block is
/// h + act(AdaIN(conv(act(AdaIN(conv(h))))): the speaker enters only through the AdaIN scales and shifts.
/// </summary>
internal sealed class AdaInDecoder : Module<Tensor, Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _input;
    private readonly Module<Tensor, Tensor> _act;
    private readonly TorchSharp.Modules.ModuleList<Module<Tensor, Tensor>> _convs;
    private readonly TorchSharp.Modules.ModuleList<Module<Tensor, Tensor, Tensor>> _adains;
    private readonly Module<Tensor, Tensor> _output;
    private readonly int _doublings;

    public AdaInDecoder(AdaInVcOptions o) : base(nameof(AdaInDecoder))
    {
        _input = Conv1d(o.ContentChannels, o.Channels, o.KernelSize, padding: o.KernelSize / 2);
        _act = LeakyReLU(0.2);
        var layers = Math.Max(1, 2 * o.Blocks);
        _convs = ModuleList(Enumerable.Range(0, layers)
            .Select(_ => (Module<Tensor, Tensor>)Conv1d(o.Channels, o.Channels, o.KernelSize, padding: o.KernelSize / 2)).ToArray());
        _adains = ModuleList(Enumerable.Range(0, layers)
            .Select(i => (Module<Tensor, Tensor, Tensor>)new AdaptiveInstanceNorm1d($"adain{i}", o.Channels, o.SpeakerEmbedding)).ToArray());
        _output = Conv1d(o.Channels, o.NMels, o.KernelSize, padding: o.KernelSize / 2);
        _doublings = o.DownsampleSteps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor content, Tensor speaker)
    {
        using var scope = NewDisposeScope();
        var h = _act.call(_input.call(content));
        for (var i = 0; i + 1 < _convs.Count; i += 2)
        {
            if (i / 2 < _doublings) h = h.repeat_interleave(2, dim: 2);
            var r = _act.call(_adains[i].call(_convs[i].call(h), speaker));
            r = _act.call(_adains[i + 1].call(_convs[i + 1].call(r), speaker));
            h = h + r;
        }
        if (_convs.Count % 2 == 1)
            h = h + _act.call(_adains[^1].call(_convs[^1].call(h), speaker));
        return _output.call(h).MoveToOuterDisposeScope();
    }
}
