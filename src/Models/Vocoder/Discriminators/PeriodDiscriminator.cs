using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.Vocoder.Discriminators;

/// <summary>
/// One discriminator of HiFi-GAN's multi-period set (Kong et al. 2020): audio [B, L] is reflect-padded to a multiple
/// of the period and folded so that each of the period's phases becomes its own sequence of every period-th sample;
/// convs then judge each sequence's structure on its own. HiFi-GAN writes this as a 2-D conv with (5, 1) kernels over
/// [B, 1, L / period, period]; the same weights as 1-D convs over [B · period, 1, L / period] run several times faster
/// on a CPU. Channels c, 2c, 4c (kernel 5, stride 3) and 4c (stride 1), each followed by LeakyReLU 0.1, then a
/// kernel-3 conv to one score per position. Scores [B · period, 1, T']; four feature maps.
/// </summary>
public sealed class PeriodDiscriminator : Module<Tensor, DiscriminatorOutput>
{
    private const double Slope = 0.1;

    private readonly ModuleList<Conv1d> _convs;
    private readonly Conv1d _score;

    public PeriodDiscriminator(int period, int channels) : base(nameof(PeriodDiscriminator))
    {
        if (period < 1) throw new ArgumentOutOfRangeException(nameof(period), period, "a period must be >= 1");
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be >= 1");
        Period = period;
        long c = channels;
        _convs = new ModuleList<Conv1d>(
            Conv1d(1, c, 5, stride: 3, padding: 2),
            Conv1d(c, 2 * c, 5, stride: 3, padding: 2),
            Conv1d(2 * c, 4 * c, 5, stride: 3, padding: 2),
            Conv1d(4 * c, 4 * c, 5, stride: 1, padding: 2));
        _score = Conv1d(4 * c, 1, 3, stride: 1, padding: 1);
        RegisterComponents();
    }

    public int Period { get; }

    public override DiscriminatorOutput forward(Tensor audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (audio.dim() != 2 || audio.shape[1] < Period)
            throw new ArgumentException($"a period discriminator needs audio [B, L] with L >= its period {Period}, got [{string.Join(", ", audio.shape)}]");
        using var scope = NewDisposeScope();
        long length = audio.shape[1], padded = (length + Period - 1) / Period * Period;
        var x = audio.unsqueeze(1);
        // Reflect padding needs fewer extra samples than the audio has; a period below the length guarantees it.
        if (padded > length) x = functional.pad(x, [0, padded - length], PaddingModes.Reflect);
        // [B, L] -> [B, L / p, p] -> [B, p, L / p]: row b · p + j holds samples j, j + p, j + 2p, ... of item b.
        var h = x.view(audio.shape[0], padded / Period, Period).transpose(1, 2).reshape(audio.shape[0] * Period, 1, padded / Period);
        var features = new List<Tensor>();
        foreach (var conv in _convs)
        {
            h = functional.leaky_relu(conv.call(h), Slope);
            features.Add(h.MoveToOuterDisposeScope());
        }
        return new DiscriminatorOutput(_score.call(h).MoveToOuterDisposeScope(), features);
    }
}
