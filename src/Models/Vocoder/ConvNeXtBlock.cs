using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.Vocoder;

/// <summary>
/// One ConvNeXt block over time (Liu et al. 2022, as Vocos uses it): depthwise conv -> LayerNorm over channels ->
/// pointwise up -> GELU -> pointwise down -> learned per-channel scale (starting small, so a deep stack starts near
/// the identity) -> residual. Input and output [B, Channels, T].
/// </summary>
internal sealed class ConvNeXtBlock : Module<Tensor, Tensor>
{
    private readonly Conv1d _depthwise;
    private readonly LayerNorm _norm;
    private readonly Linear _up;
    private readonly Linear _down;
    private readonly Parameter _scale;

    public ConvNeXtBlock(int channels, int intermediate, int kernelSize, double initialScale) : base(nameof(ConvNeXtBlock))
    {
        _depthwise = Conv1d(channels, channels, kernelSize, padding: kernelSize / 2, groups: channels);
        _norm = LayerNorm(channels, eps: 1e-6);
        _up = Linear(channels, intermediate);
        _down = Linear(intermediate, channels);
        _scale = Parameter(full(channels, initialScale));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = _depthwise.call(x).transpose(1, 2);  // [B, T, C]: LayerNorm and Linear act on the last axis
        h = _down.call(functional.gelu(_up.call(_norm.call(h))));
        return (x + (h * _scale).transpose(1, 2)).MoveToOuterDisposeScope();
    }
}
