using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.VoiceConversion.Adversarial;

/// <summary>
/// The GAN patcher's discriminator on log-mel [B, NMels, T]: a conv, two stride-2 convs; a realness logit per example
/// (the mean of per-frame logits, so every stretch of the spectrogram is judged) and speaker logits [B, Speakers]
/// from the time-averaged features (ACGAN's auxiliary classifier, as in Chou et al. 2018).
/// </summary>
internal sealed class MelDiscriminator : Module<Tensor, (Tensor Realness, Tensor Speaker)>
{
    private readonly Module<Tensor, Tensor> _body;
    private readonly Module<Tensor, Tensor> _realness;
    private readonly Module<Tensor, Tensor> _speaker;

    public MelDiscriminator(AdversarialVcOptions o) : base(nameof(MelDiscriminator))
    {
        long c = o.DiscriminatorChannels, k = o.KernelSize;
        _body = Sequential(
            Conv1d(o.NMels, c, k, padding: k / 2), LeakyReLU(0.2),
            Conv1d(c, c, k, stride: 2, padding: k / 2), LeakyReLU(0.2),
            Conv1d(c, c, k, stride: 2, padding: k / 2), LeakyReLU(0.2));
        _realness = Conv1d(c, 1, 1);
        _speaker = Linear(c, o.Speakers);
        RegisterComponents();
    }

    public override (Tensor Realness, Tensor Speaker) forward(Tensor mel)
    {
        using var scope = NewDisposeScope();
        var h = _body.call(mel);
        var realness = _realness.call(h).mean([1, 2]);
        var speaker = _speaker.call(h.mean([-1]));
        return (realness.MoveToOuterDisposeScope(), speaker.MoveToOuterDisposeScope());
    }
}
