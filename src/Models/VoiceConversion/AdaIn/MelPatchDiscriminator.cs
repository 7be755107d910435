using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.VoiceConversion.AdaIn;

/// <summary>
/// AdaIN-VC's discriminator: a 2-D conv patch discriminator (PatchGAN) on log-mel [B, NMels, T] seen as an image
/// [B, 1, NMels, T]. Its kernels slide across bands as well as time, so one filter learns a harmonic or formant
/// pattern wherever in the spectrum it sits; vc-adv's 1-D <c>MelDiscriminator</c> takes the bands as input channels
/// and mixes them all in one step, which is blind to that shift. Four 3×3 convs (bands halved three times, time
/// twice; 33 bands by 25 frames of receptive field) and a 3×3 conv to one realness score per patch.
/// Returns the patch scores [B, 1, NMels/8, T/4] (rounded up) and every hidden layer's activations (for feature
/// matching).
/// </summary>
public sealed class MelPatchDiscriminator : Module<Tensor, (Tensor Scores, IReadOnlyList<Tensor> Features)>
{
    private readonly TorchSharp.Modules.ModuleList<Module<Tensor, Tensor>> _layers;
    private readonly Module<Tensor, Tensor> _scores;

    public MelPatchDiscriminator(int channels) : base(nameof(MelPatchDiscriminator))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        long c = channels;
        _layers = ModuleList(
            Layer(1, c, (1, 1)),
            Layer(c, c, (2, 2)),
            Layer(c, 2 * c, (2, 2)),
            Layer(2 * c, 2 * c, (2, 1)));
        _scores = Conv2d(2 * c, 1, (3, 3), padding: (1, 1));
        RegisterComponents();
    }

    public override (Tensor Scores, IReadOnlyList<Tensor> Features) forward(Tensor mel)
    {
        var h = mel.unsqueeze(1);
        var features = new List<Tensor>(_layers.Count);
        foreach (var layer in _layers)
        {
            h = layer.call(h);
            features.Add(h);
        }
        return (_scores.call(h), features);
    }

    private static Module<Tensor, Tensor> Layer(long input, long output, (long Bands, long Frames) stride) =>
        Sequential(Conv2d(input, output, (3, 3), stride: stride, padding: (1, 1)), LeakyReLU(0.2));
}
