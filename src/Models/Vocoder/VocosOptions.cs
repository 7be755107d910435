using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Vocoder.Discriminators;

namespace SpeechDisentangle.Models.Vocoder;

/// <summary>
/// Settings of the Vocos-style vocoder (Siuzdak 2023): log-mel -> conv embedding -> ConvNeXt 1-D blocks -> linear ->
/// log-magnitude and phase of each STFT frame -> inverse STFT. The mel it inverts is the VC front end (the `slaney`
/// preset at 16 kHz, <see cref="NMels"/> bands); the STFT of the head is that front end's (400 / 160 / 400), so one
/// mel frame gives one STFT frame. The defaults are the small CPU config; the GPU config of docs/experiments/vocoder.md
/// is channels 512, intermediate 1536, blocks 8 (Vocos' own size).
/// </summary>
public sealed record VocosOptions : IValidatable
{
    /// <summary>Mel bands of the input (the VC model's n_mels).</summary>
    public int NMels { get; init; } = 80;

    /// <summary>Width of the ConvNeXt blocks.</summary>
    public int Channels { get; init; } = 192;

    /// <summary>Width of the pointwise layer inside each block (Vocos uses 3 × channels).</summary>
    public int IntermediateChannels { get; init; } = 576;

    public int Blocks { get; init; } = 6;

    /// <summary>Odd kernel width (frames) of the embedding and of each block's depthwise conv.</summary>
    public int KernelSize { get; init; } = 7;

    /// <summary>The log-mel is fed as (x − FeatureOffset) / FeatureScale (the VC models' normalisation).</summary>
    public double FeatureOffset { get; init; } = -10.0;

    public double FeatureScale { get; init; } = 4.0;

    /// <summary>Weight of the L1 distance between the log-mels of output and target (10 beat 1 on held-out voices: docs/experiments/vocoder.md).</summary>
    public double MelWeight { get; init; } = 10.0;

    /// <summary>Weight of the multi-resolution STFT loss (spectral convergence + log-magnitude L1, averaged over resolutions).</summary>
    public double StftWeight { get; init; } = 1.0;

    /// <summary>FFT sizes of the multi-resolution STFT loss; each uses hop = size / 4 and a Hann window of the full size.</summary>
    public IReadOnlyList<int> StftResolutions { get; init; } = [256, 512, 1024];

    /// <summary>
    /// The network's log-magnitude is a correction added to the log of the mel's own inversion (the magnitude
    /// Griffin-Lim starts from: <see cref="Common.Vocoder.MelInversion"/>), rather than a magnitude from nothing; the
    /// correction starts at zero. The mel fixes most of the magnitude, so the network learns what it lacks.
    /// </summary>
    public bool MagnitudeResidual { get; init; }

    /// <summary>Multiplicative least-squares updates of the mel inversion of <see cref="MagnitudeResidual"/> (Griffin-Lim's default).</summary>
    public int MagnitudeResidualNnlsIterations { get; init; } = 30;

    /// <summary>
    /// At synthesis only (`sdt convert`, `sdt demo`, `sdt eval` and the evaluation that ends `sdt train`; the
    /// training steps never run it): the magnitude of the network's audio is fitted to the input mel
    /// (<see cref="PhaseRefinementNnlsIterations"/> least-squares updates), then this many fast Griffin-Lim iterations
    /// start from the network's phase; 0 = the network alone. On a trained model: `sdt eval --set` or
    /// `sdt convert|demo --vocoder-set model_options.phase_refinement_iterations=N`.
    /// </summary>
    public int PhaseRefinementIterations { get; init; }

    /// <summary>Least-squares updates that fit the network's magnitude to the mel before <see cref="PhaseRefinementIterations"/>.</summary>
    public int PhaseRefinementNnlsIterations { get; init; } = 30;

    /// <summary>Discriminators of the adversarial training; none trains on the magnitude losses alone (docs/experiments/vocoder.md).</summary>
    public VocoderDiscriminatorKind Discriminator { get; init; } = VocoderDiscriminatorKind.None;

    /// <summary>
    /// Width of the discriminators: each period discriminator's convs have c, 2c, 4c, 4c channels, each resolution
    /// discriminator's c (HiFi-GAN's periods use 32-1024, Vocos' resolutions 32; small here so they learn on a CPU).
    /// </summary>
    public int DiscriminatorChannels { get; init; } = 8;

    /// <summary>Periods of the multi-period discriminator (HiFi-GAN's primes: no period divides another).</summary>
    public IReadOnlyList<int> Periods { get; init; } = [2, 3, 5, 7, 11];

    /// <summary>FFT sizes of the multi-resolution discriminator (hop = size / 4), as Vocos.</summary>
    public IReadOnlyList<int> DiscriminatorResolutions { get; init; } = [512, 1024, 2048];

    /// <summary>Weight of the generator's hinge loss (mean over the discriminators of each kind).</summary>
    public double AdversarialWeight { get; init; } = 1.0;

    /// <summary>Weight of feature matching: L1 between the discriminators' layer activations on real and generated audio.</summary>
    public double FeatureMatchingWeight { get; init; } = 1.0;

    /// <summary>The resolution discriminators' share of both adversarial terms, against 1 for the period ones (Vocos: 0.1).</summary>
    public double ResolutionWeight { get; init; } = 0.1;

    /// <summary>
    /// The generator's adversarial and feature-matching terms start at this step; the discriminators train from step 0
    /// so that they already tell real from generated audio when the generator starts to listen to them.
    /// </summary>
    public long DiscriminatorStartStep { get; init; }

    /// <summary>True when <see cref="Discriminator"/> includes the multi-period discriminator.</summary>
    public bool HasPeriodDiscriminator => Discriminator is VocoderDiscriminatorKind.Mpd or VocoderDiscriminatorKind.MpdMrd;

    /// <summary>True when <see cref="Discriminator"/> includes the multi-resolution discriminator.</summary>
    public bool HasResolutionDiscriminator => Discriminator is VocoderDiscriminatorKind.Mrd or VocoderDiscriminatorKind.MpdMrd;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (NMels < 2) errors.Add($"n_mels must be >= 2 (is {NMels})");
        if (Channels < 1) errors.Add($"channels must be >= 1 (is {Channels})");
        if (IntermediateChannels < 1) errors.Add($"intermediate_channels must be >= 1 (is {IntermediateChannels})");
        if (Blocks < 0) errors.Add($"blocks must be >= 0 (is {Blocks})");
        if (KernelSize < 1 || KernelSize % 2 == 0) errors.Add($"kernel_size must be odd and >= 1 (is {KernelSize})");
        if (!(FeatureScale > 0)) errors.Add($"feature_scale must be > 0 (is {FeatureScale})");
        if (MelWeight < 0) errors.Add($"mel_weight must be >= 0 (is {MelWeight})");
        if (StftWeight < 0) errors.Add($"stft_weight must be >= 0 (is {StftWeight})");
        if (MelWeight == 0 && StftWeight == 0) errors.Add("mel_weight and stft_weight are both 0: nothing to train on");
        if (StftResolutions.Any(n => n < 16)) errors.Add($"stft_resolutions must each be >= 16 (are {string.Join(", ", StftResolutions)})");
        if (MagnitudeResidualNnlsIterations < 0) errors.Add($"magnitude_residual_nnls_iterations must be >= 0 (is {MagnitudeResidualNnlsIterations})");
        if (PhaseRefinementNnlsIterations < 0) errors.Add($"phase_refinement_nnls_iterations must be >= 0 (is {PhaseRefinementNnlsIterations})");
        if (PhaseRefinementIterations < 0) errors.Add($"phase_refinement_iterations must be >= 0 (is {PhaseRefinementIterations})");
        if (!Enum.IsDefined(Discriminator)) errors.Add($"discriminator must be none, mpd, mrd or mpd_mrd (is {(int)Discriminator})");
        if (DiscriminatorChannels < 1) errors.Add($"discriminator_channels must be >= 1 (is {DiscriminatorChannels})");
        if (HasPeriodDiscriminator && (Periods.Count == 0 || Periods.Any(p => p < 1)))
            errors.Add($"periods must name at least one period, each >= 1 (are [{string.Join(", ", Periods)}])");
        if (HasResolutionDiscriminator && (DiscriminatorResolutions.Count == 0 || DiscriminatorResolutions.Any(n => n < 16)))
            errors.Add($"discriminator_resolutions must name at least one FFT size, each >= 16 (are [{string.Join(", ", DiscriminatorResolutions)}])");
        if (AdversarialWeight < 0) errors.Add($"adversarial_weight must be >= 0 (is {AdversarialWeight})");
        if (FeatureMatchingWeight < 0) errors.Add($"feature_matching_weight must be >= 0 (is {FeatureMatchingWeight})");
        if (ResolutionWeight < 0) errors.Add($"resolution_weight must be >= 0 (is {ResolutionWeight})");
        if (DiscriminatorStartStep < 0) errors.Add($"discriminator_start_step must be >= 0 (is {DiscriminatorStartStep})");
        return errors;
    }
}
