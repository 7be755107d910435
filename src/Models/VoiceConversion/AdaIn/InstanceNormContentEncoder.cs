using SpeechDisentangle.Models.VoiceConversion.Common;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.VoiceConversion.AdaIn;

/// <summary>
/// Log-mel [B, NMels, T] to a Gaussian content code: mean [B, ContentChannels, T] and log-variance of the same shape.
/// Instance norm without affine after every conv removes per-channel time statistics (the speaker's "style");
/// the mean itself is instance-normalised, so each channel has zero mean and unit variance over time.
/// With <see cref="AdaInVcOptions.ContentDownsample"/> the code has T / ContentDownsample frames (T must divide).
/// With <see cref="AdaInVcOptions.ContentInstanceNorm"/> off (the ablation) every norm is an identity.
/// </summary>
internal sealed class InstanceNormContentEncoder : Module<Tensor, (Tensor Mean, Tensor LogVariance)>
{
    private readonly Module<Tensor, Tensor> _input;
    private readonly Module<Tensor, Tensor> _inputNorm;
    private readonly Module<Tensor, Tensor> _act;
    private readonly TorchSharp.Modules.ModuleList<Module<Tensor, Tensor>> _blocks;
    private readonly Module<Tensor, Tensor> _mean;
    private readonly Module<Tensor, Tensor> _meanNorm;
    private readonly Module<Tensor, Tensor> _logVariance;
    private readonly int _halvings;

    public InstanceNormContentEncoder(AdaInVcOptions o) : base(nameof(InstanceNormContentEncoder))
    {
        _input = Conv1d(o.NMels, o.Channels, o.KernelSize, padding: o.KernelSize / 2);
        _inputNorm = o.ContentInstanceNorm ? InstanceNorm1d(o.Channels, affine: false) : Identity();
        _act = LeakyReLU(0.2);
        _blocks = ModuleList(Enumerable.Range(0, o.Blocks)
            .Select(i => (Module<Tensor, Tensor>)new ResidualConvBlock($"block{i}", o.Channels, o.KernelSize, instanceNorm: o.ContentInstanceNorm)).ToArray());
        _mean = Conv1d(o.Channels, o.ContentChannels, 1);
        _meanNorm = o.ContentInstanceNorm ? InstanceNorm1d(o.ContentChannels, affine: false) : Identity();
        _logVariance = Conv1d(o.Channels, o.ContentChannels, 1);
        _halvings = o.DownsampleSteps;
        RegisterComponents();
    }

    public override (Tensor Mean, Tensor LogVariance) forward(Tensor mel)
    {
        using var scope = NewDisposeScope();
        var h = _act.call(_inputNorm.call(_input.call(mel)));
        for (var i = 0; i < _blocks.Count; i++)
        {
            h = _blocks[i].call(h);
            if (i < _halvings) h = nn.functional.avg_pool1d(h, 2);
        }
        var mean = _meanNorm.call(_mean.call(h));
        var logVariance = _logVariance.call(h);
        return (mean.MoveToOuterDisposeScope(), logVariance.MoveToOuterDisposeScope());
    }
}
