using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.Vocoder.Discriminators;

/// <summary>
/// One discriminator of the multi-resolution set (UnivNet, Jang et al. 2021; Vocos): the STFT of the audio (FFT size
/// n, hop n / 4, Hann window) as real and imaginary parts, [B, 2, frames, n / 2 + 1], so that it sees phase as well
/// as magnitude. The audio is first scaled to a peak of 0.8 (as Vocos), so the judgement is of shape, not loudness.
/// Convs (3, 9) over (time, frequency), each halving the frequency axis, then (3, 3), each with c channels and
/// LeakyReLU 0.1; a (3, 3) conv gives the scores. Scores [B, 1, frames, F']; five feature maps.
/// </summary>
public sealed class ResolutionDiscriminator : Module<Tensor, DiscriminatorOutput>
{
    private const double Slope = 0.1;
    private const double Peak = 0.8;

    private readonly ModuleList<Conv2d> _convs;
    private readonly Conv2d _score;

    public ResolutionDiscriminator(int fftSize, int channels) : base(nameof(ResolutionDiscriminator))
    {
        if (fftSize < 16) throw new ArgumentOutOfRangeException(nameof(fftSize), fftSize, "an FFT size must be >= 16");
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be >= 1");
        FftSize = fftSize;
        long c = channels;
        _convs = new ModuleList<Conv2d>(
            Conv2d(2, c, (3, 9), stride: (1, 2), padding: (1, 4)),
            Conv2d(c, c, (3, 9), stride: (1, 2), padding: (1, 4)),
            Conv2d(c, c, (3, 9), stride: (1, 2), padding: (1, 4)),
            Conv2d(c, c, (3, 9), stride: (1, 2), padding: (1, 4)),
            Conv2d(c, c, (3, 3), stride: (1, 1), padding: (1, 1)));
        _score = Conv2d(c, 1, (3, 3), stride: (1, 1), padding: (1, 1));
        RegisterComponents();
    }

    public int FftSize { get; }

    public override DiscriminatorOutput forward(Tensor audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (audio.dim() != 2 || audio.shape[1] <= FftSize / 2)
            throw new ArgumentException($"a resolution discriminator of FFT size {FftSize} needs audio [B, L] with L > {FftSize / 2}, got [{string.Join(", ", audio.shape)}]");
        using var scope = NewDisposeScope();
        var centred = audio - audio.mean([-1], keepdim: true);
        var scaled = centred * Peak / (centred.abs().amax([-1], keepdim: true) + 1e-9);
        // The window is made per call rather than held: a tensor field would become a buffer in every checkpoint.
        var window = hann_window(FftSize, periodic: true, dtype: ScalarType.Float32, device: audio.device);
        var spectrum = stft(scaled, FftSize, FftSize / 4, FftSize, window, center: true,
            pad_mode: TorchSharp.PaddingModes.Reflect, normalized: false, onesided: true, return_complex: true);
        var h = view_as_real(spectrum).permute(0, 3, 2, 1);  // [B, F, frames, 2] -> [B, 2, frames, F]
        var features = new List<Tensor>();
        foreach (var conv in _convs)
        {
            h = functional.leaky_relu(conv.call(h), Slope);
            features.Add(h.MoveToOuterDisposeScope());
        }
        return new DiscriminatorOutput(_score.call(h).MoveToOuterDisposeScope(), features);
    }
}
