using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.Vocoder.Discriminators;

/// <summary>What every sub-discriminator says of one batch of audio, by kind (an empty list for a kind not built).</summary>
public sealed record DiscriminatorJudgement(IReadOnlyList<DiscriminatorOutput> Periods, IReadOnlyList<DiscriminatorOutput> Resolutions);

/// <summary>
/// The vocoder's discriminators as <see cref="VocosOptions.Discriminator"/> asks: one <see cref="PeriodDiscriminator"/>
/// per period and one <see cref="ResolutionDiscriminator"/> per FFT size. Audio [B, L] in, every judgement out.
/// Only training uses it; synthesis runs the generator alone.
/// </summary>
public sealed class VocoderDiscriminator : Module<Tensor, DiscriminatorJudgement>
{
    private readonly ModuleList<PeriodDiscriminator> _periods;
    private readonly ModuleList<ResolutionDiscriminator> _resolutions;

    public VocoderDiscriminator(VocosOptions options) : base(nameof(VocoderDiscriminator))
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Discriminator == VocoderDiscriminatorKind.None)
            throw new ArgumentException("discriminator is none: there is no discriminator to build", nameof(options));
        _periods = new ModuleList<PeriodDiscriminator>(options.HasPeriodDiscriminator
            ? [.. options.Periods.Select(p => new PeriodDiscriminator(p, options.DiscriminatorChannels))]
            : []);
        _resolutions = new ModuleList<ResolutionDiscriminator>(options.HasResolutionDiscriminator
            ? [.. options.DiscriminatorResolutions.Select(n => new ResolutionDiscriminator(n, options.DiscriminatorChannels))]
            : []);
        RegisterComponents();
    }

    public override DiscriminatorJudgement forward(Tensor audio) =>
        new([.. _periods.Select(d => d.call(audio))], [.. _resolutions.Select(d => d.call(audio))]);
}
