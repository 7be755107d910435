using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.VoiceConversion.Common;

/// <summary>
/// x + conv(act(norm(conv(x)))) over time, channels kept, length kept ("same" padding, odd kernel).
/// The optional instance norm (no affine) strips per-channel statistics, which carry speaker identity.
/// </summary>
internal sealed class ResidualConvBlock : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _conv1;
    private readonly Module<Tensor, Tensor> _norm1;
    private readonly Module<Tensor, Tensor> _act;
    private readonly Module<Tensor, Tensor> _conv2;
    private readonly Module<Tensor, Tensor> _norm2;

    public ResidualConvBlock(string name, long channels, long kernelSize, bool instanceNorm) : base(name)
    {
        _conv1 = Conv1d(channels, channels, kernelSize, padding: kernelSize / 2);
        _norm1 = instanceNorm ? InstanceNorm1d(channels, affine: false) : Identity();
        _act = LeakyReLU(0.2);
        _conv2 = Conv1d(channels, channels, kernelSize, padding: kernelSize / 2);
        _norm2 = instanceNorm ? InstanceNorm1d(channels, affine: false) : Identity();
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var h = _act.call(_norm1.call(_conv1.call(input)));
        h = _act.call(_norm2.call(_conv2.call(h)));
        return (input + h).MoveToOuterDisposeScope();
    }
}
