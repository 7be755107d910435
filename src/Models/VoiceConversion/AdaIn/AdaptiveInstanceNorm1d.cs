using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.VoiceConversion.AdaIn;

/// <summary>
/// AdaIN: instance-normalise x [B, C, T], then scale and shift each channel by (1 + γ, β) predicted from a speaker
/// embedding [B, E]. The "1 +" starts the layer near plain instance norm.
/// </summary>
internal sealed class AdaptiveInstanceNorm1d : Module<Tensor, Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _norm;
    private readonly Module<Tensor, Tensor> _affine;

    public AdaptiveInstanceNorm1d(string name, long channels, long embedding) : base(name)
    {
        _norm = InstanceNorm1d(channels, affine: false);
        _affine = Linear(embedding, 2 * channels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor speaker)
    {
        using var scope = NewDisposeScope();
        var parts = _affine.call(speaker).unsqueeze(-1).chunk(2, dim: 1);
        return ((_norm.call(x) * (parts[0] + 1.0)) + parts[1]).MoveToOuterDisposeScope();
    }
}
