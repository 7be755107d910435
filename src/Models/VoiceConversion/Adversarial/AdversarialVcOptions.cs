using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Training;

namespace SpeechDisentangle.Models.VoiceConversion.Adversarial;

/// <summary>
/// Settings of the adversarially disentangled VC model (Chou et al. 2018): stage one (encoder, decoder, code
/// classifier) and, with <see cref="Patcher"/>, stage two (the GAN patcher on top of a trained stage one).
/// </summary>
[MovedKey("autoencoder_optimizer", "optimizers.autoencoder")]
[MovedKey("classifier_optimizer", "optimizers.classifier")]
[MovedKey("patcher_optimizer", "optimizers.patcher")]
[MovedKey("discriminator_optimizer", "optimizers.discriminator")]
public sealed record AdversarialVcOptions : IValidatable
{
    /// <summary>Mel bands of the input (conv channels).</summary>
    public int NMels { get; init; } = 80;
    /// <summary>Number of training speakers (embedding rows, classifier classes). Required, >= 2.</summary>
    public int Speakers { get; init; }
    public int Channels { get; init; } = 256;
    /// <summary>Channels of the content code.</summary>
    public int CodeChannels { get; init; } = 128;
    public int SpeakerEmbedding { get; init; } = 128;
    public int ResidualBlocks { get; init; } = 3;
    public int ClassifierChannels { get; init; } = 256;
    /// <summary>Odd kernel width over time.</summary>
    public int KernelSize { get; init; } = 5;
    /// <summary>Weight of the adversarial term: autoencoder loss = L1 − Lambda · classifier CE.</summary>
    public double Lambda { get; init; } = 0.01;
    /// <summary>Fraction of the run (progress) over which Lambda ramps linearly from 0; 0 = full Lambda from the start.</summary>
    public double LambdaRampFraction { get; init; } = 0.1;
    /// <summary>
    /// Training only: the encoder sees the input warped along the mel axis by a random factor in
    /// [1 − ContentWarp, 1 + ContentWarp] per example (the reconstruction target stays unwarped), which blurs the
    /// speaker's spectral shape in the code. 0 = off (the paper).
    /// </summary>
    public double ContentWarp { get; init; }
    /// <summary>
    /// Stage two: add the paper's GAN patcher (a speaker-conditioned residual generator on the content code, added to
    /// the decoder's output) and a discriminator with an auxiliary speaker classifier, and train only those two;
    /// encoder, decoder and code classifier stay as stage one left them (start from it with trainer.init_from).
    /// </summary>
    public bool Patcher { get; init; }
    public int DiscriminatorChannels { get; init; } = 256;
    /// <summary>Weight of the auxiliary speaker cross-entropy in both patcher turns (real speakers for D, targets for the patcher).</summary>
    public double PatcherSpeakerWeight { get; init; } = 1.0;

    /// <summary>The adversarial weight at run progress <paramref name="progress"/> in [0, 1].</summary>
    public double LambdaAt(double progress) =>
        LambdaRampFraction <= 0 ? Lambda : Lambda * Math.Clamp(progress / LambdaRampFraction, 0.0, 1.0);

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (NMels <= 0) errors.Add($"n_mels must be > 0 (is {NMels})");
        if (Speakers < 2) errors.Add($"speakers must be >= 2 (is {Speakers})");
        if (Channels <= 0) errors.Add($"channels must be > 0 (is {Channels})");
        if (CodeChannels <= 0) errors.Add($"code_channels must be > 0 (is {CodeChannels})");
        if (SpeakerEmbedding <= 0) errors.Add($"speaker_embedding must be > 0 (is {SpeakerEmbedding})");
        if (ResidualBlocks < 0) errors.Add($"residual_blocks must be >= 0 (is {ResidualBlocks})");
        if (ClassifierChannels <= 0) errors.Add($"classifier_channels must be > 0 (is {ClassifierChannels})");
        if (KernelSize <= 0 || KernelSize % 2 == 0) errors.Add($"kernel_size must be odd and > 0 (is {KernelSize})");
        if (Lambda < 0) errors.Add($"lambda must be >= 0 (is {Lambda})");
        if (ContentWarp is < 0 or >= 0.5) errors.Add($"content_warp must be in [0, 0.5) (is {ContentWarp})");
        if (DiscriminatorChannels <= 0) errors.Add($"discriminator_channels must be > 0 (is {DiscriminatorChannels})");
        if (PatcherSpeakerWeight < 0) errors.Add($"patcher_speaker_weight must be >= 0 (is {PatcherSpeakerWeight})");
        if (LambdaRampFraction is < 0 or > 1) errors.Add($"lambda_ramp_fraction must be in [0, 1] (is {LambdaRampFraction})");
        return errors;
    }
}
