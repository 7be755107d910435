using SpeechDisentangle.Models.Common.Augmentation;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Training;

namespace SpeechDisentangle.Models.VoiceConversion.AdaIn;

/// <summary>Settings of one-shot AdaIN-VC (Chou et al. 2019).</summary>
[MovedKey("optimizer", "optimizers.main")]
public sealed record AdaInVcOptions : IValidatable
{
    /// <summary>Mel bands of the input (conv channels).</summary>
    public int NMels { get; init; } = 80;
    public int Channels { get; init; } = 256;
    /// <summary>Channels of the (instance-normalised) content code.</summary>
    public int ContentChannels { get; init; } = 128;
    /// <summary>Size of the speaker embedding.</summary>
    public int SpeakerEmbedding { get; init; } = 128;
    /// <summary>Residual blocks in each of the content encoder, speaker encoder and decoder.</summary>
    public int Blocks { get; init; } = 3;
    /// <summary>Odd kernel width over time.</summary>
    public int KernelSize { get; init; } = 5;
    /// <summary>
    /// The speaker encoder pools the standard deviation over time as well as the mean (x-vector style statistics
    /// pooling; the paper pools the mean only). Voice lives largely in how bands vary, not only in their level.
    /// </summary>
    public bool SpeakerPoolStd { get; init; }
    /// <summary>
    /// Not in the paper: the speaker embedding is projected onto a sphere (L2-normalised, radius √SpeakerEmbedding),
    /// as speaker-verification embeddings are, so the decoder reads a voice from the embedding's direction only and
    /// an unheard voice cannot land at a length the decoder never saw. Measured on synth-digits: better conversion to
    /// training voices, worse one-shot (docs/experiments/voice-conversion.md).
    /// </summary>
    public bool SpeakerEmbeddingSphere { get; init; }
    /// <summary>
    /// Time downsampling of the content code, as the paper's content encoder (it halves time in three of its blocks)
    /// and decoder (upsamples back): 1 (off), 2, 4, ... up to 2^Blocks. Each of the first log2 blocks of the encoder
    /// halves time (average pooling) and the decoder doubles it back (nearest) before the same number of its blocks;
    /// a coarser code leaves less room for frame-level voice detail such as pitch. Inputs are padded to a multiple.
    /// </summary>
    public int ContentDownsample { get; init; } = 1;
    /// <summary>Number of halvings behind <see cref="ContentDownsample"/>.</summary>
    public int DownsampleSteps => System.Numerics.BitOperations.Log2((uint)Math.Max(1, ContentDownsample));
    /// <summary>Instance norm in the content encoder (the point of the model); false only for the ablation.</summary>
    public bool ContentInstanceNorm { get; init; } = true;
    /// <summary>
    /// Training only: the content encoder sees the input warped along the mel axis by a random factor in
    /// [1 − ContentWarp, 1 + ContentWarp] per example (the target stays unwarped), so the spectral shape left in the
    /// code is unreliable and the decoder must take the voice from the speaker embedding. 0 = off (the paper).
    /// </summary>
    public double ContentWarp { get; init; }
    /// <summary>
    /// Training only: each example (its segment and its reference alike) is warped along the mel axis by one random
    /// factor in [1 − VoiceWarp, 1 + VoiceWarp], which makes new voices out of the training speakers, so the speaker
    /// encoder sees a continuum of voices rather than a few (helps one-shot conversion). 0 = off (the paper).
    /// </summary>
    public double VoiceWarp { get; init; }
    /// <summary>
    /// Training only: each example (segment and reference alike) gets one random new voice (formant warp, pitch warp
    /// and spectral tilt; <see cref="Common.Augmentation.VoicePerturbation"/>), so the speaker encoder and the decoder
    /// meet far more voices than the corpus has. Off when its ranges are 0. Applied after <see cref="VoiceWarp"/>.
    /// </summary>
    public VoicePerturbationOptions VoicePerturbation { get; init; } = new();
    /// <summary>
    /// Share of training examples that <see cref="VoiceWarp"/> warps (the rest keep their real voice, factor 1), so
    /// the decoder still hears the training voices as they are while it learns the new ones. 1 = every example.
    /// </summary>
    public double VoiceWarpProbability { get; init; } = 1;
    /// <summary>
    /// Training only, not in the paper: weight of the speaker cycle (MUNIT's latent reconstruction). Each example's
    /// content is decoded with another example's speaker embedding e and the speaker encoder must read e back from
    /// the result; the error is measured relative to the spread of the batch's embeddings, so shrinking the embedding
    /// cannot satisfy it. Self-reconstruction alone lets the decoder take part of the voice from the content code.
    /// 0 = off.
    /// </summary>
    public double CycleSpeakerWeight { get; init; }
    /// <summary>Training only, not in the paper: weight of the content cycle, L1 between the content code of the
    /// converted segment and the source's code (MUNIT's content reconstruction). 0 = off.</summary>
    public double CycleContentWeight { get; init; }
    /// <summary>
    /// Training only, not in the paper: weight of a supervised contrastive loss (<see cref="SpeakerContrast"/>) between
    /// the speaker embeddings of each segment and of its reference (another utterance of the same speaker), against
    /// the batch's other speakers. Self-reconstruction alone never asks the speaker encoder to tell voices apart.
    /// 0 = off.
    /// </summary>
    public double SpeakerContrastWeight { get; init; }
    /// <summary>
    /// What counts as the same voice in <see cref="SpeakerContrastWeight"/>'s loss. Speaker: every example of the
    /// speaker (the batch's other utterances of it are positives too). Example: only the example's own reference;
    /// with <see cref="VoiceWarp"/> each example is a new voice (its own warp factor), so two warps of one speaker
    /// are told apart rather than pulled together.
    /// </summary>
    public SpeakerContrastPositives SpeakerContrastPositives { get; init; } = SpeakerContrastPositives.Speaker;
    /// <summary>Cosine temperature of <see cref="SpeakerContrastWeight"/>'s loss.</summary>
    public double SpeakerContrastTemperature { get; init; } = 0.1;
    /// <summary>
    /// Conversion only, not in the paper (the embedding-only speaker adaptation of Arik et al. 2018, "Neural voice
    /// cloning with a few samples"): Adam steps that refine the reference's speaker embedding until the decoder
    /// renders the reference itself from its own content code, using the same single reference. 0 = the encoder's
    /// embedding as is (the paper). Measured on synth-digits it did not help (docs/experiments/voice-conversion.md).
    /// </summary>
    public int SpeakerAdaptSteps { get; init; }
    /// <summary>Adam learning rate of <see cref="SpeakerAdaptSteps"/>.</summary>
    public double SpeakerAdaptLearningRate { get; init; } = 0.01;
    /// <summary>
    /// Training only, not in the paper: weight of a least-squares adversarial term on the reconstruction, judged by a
    /// 2-D patch discriminator over (mel band, time) (<see cref="MelPatchDiscriminator"/>) that trains in its own turn
    /// "discriminator" with its own optimizer. L1 alone averages the plausible spectra into a smeared one; the
    /// discriminator rewards the harmonic and formant detail across bands that L1 gives up. 0 = off: no
    /// discriminator is built, the checkpoint and the loss are those of a model without it.
    /// </summary>
    public double AdversarialWeight { get; init; }
    /// <summary>Weight of the feature-matching L1 between the discriminator's hidden activations on the real and on
    /// the reconstructed mel (as MelGAN and HiFi-GAN; steadies the game). Used only when AdversarialWeight is set.</summary>
    public double FeatureMatchingWeight { get; init; } = 2.0;
    /// <summary>Channels of the discriminator's first layers (the last ones have twice as many).</summary>
    public int DiscriminatorChannels { get; init; } = 32;
    /// <summary>Training step from which the adversarial and feature-matching terms enter the model's loss (the
    /// discriminator trains from the start, so it judges with some experience when they do).</summary>
    public long AdversarialStartStep { get; init; }

    /// <summary>Whether the model has a discriminator and training the "discriminator" turn.</summary>
    public bool Adversarial => AdversarialWeight > 0;

    /// <summary>Weight of the L1 reconstruction loss (the paper's λ_rec = 10).</summary>
    public double ReconWeight { get; init; } = 10.0;
    /// <summary>Weight of the KL term on the content code (the paper's λ_kl = 1).</summary>
    public double LambdaKl { get; init; } = 1.0;
    /// <summary>Fraction of the run (progress) over which λ_kl ramps linearly from 0; 0 = full weight at once.</summary>
    public double KlRampFraction { get; init; } = 0.1;

    /// <summary>λ_kl at run progress <paramref name="progress"/> in [0, 1].</summary>
    public double LambdaKlAt(double progress) =>
        KlRampFraction <= 0 ? LambdaKl : LambdaKl * Math.Clamp(progress / KlRampFraction, 0.0, 1.0);

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (NMels <= 0) errors.Add($"n_mels must be > 0 (is {NMels})");
        if (Channels <= 0) errors.Add($"channels must be > 0 (is {Channels})");
        if (ContentChannels <= 0) errors.Add($"content_channels must be > 0 (is {ContentChannels})");
        if (SpeakerEmbedding <= 0) errors.Add($"speaker_embedding must be > 0 (is {SpeakerEmbedding})");
        if (Blocks < 0) errors.Add($"blocks must be >= 0 (is {Blocks})");
        if (KernelSize <= 0 || KernelSize % 2 == 0) errors.Add($"kernel_size must be odd and > 0 (is {KernelSize})");
        if (ContentDownsample < 1 || !System.Numerics.BitOperations.IsPow2(ContentDownsample) || DownsampleSteps > Math.Max(Blocks, 0))
            errors.Add($"content_downsample must be a power of 2 from 1 to 2^blocks = {1 << Math.Clamp(Blocks, 0, 30)} (is {ContentDownsample})");
        if (ContentWarp is < 0 or >= 0.5) errors.Add($"content_warp must be in [0, 0.5) (is {ContentWarp})");
        errors.AddRange(Validation.Nested("voice_perturbation", VoicePerturbation));
        if (VoiceWarp is < 0 or >= 0.5) errors.Add($"voice_warp must be in [0, 0.5) (is {VoiceWarp})");
        if (VoiceWarpProbability is < 0 or > 1) errors.Add($"voice_warp_probability must be in [0, 1] (is {VoiceWarpProbability})");
        if (CycleSpeakerWeight < 0) errors.Add($"cycle_speaker_weight must be >= 0 (is {CycleSpeakerWeight})");
        if (CycleContentWeight < 0) errors.Add($"cycle_content_weight must be >= 0 (is {CycleContentWeight})");
        if (SpeakerContrastWeight < 0) errors.Add($"speaker_contrast_weight must be >= 0 (is {SpeakerContrastWeight})");
        if (SpeakerContrastTemperature <= 0) errors.Add($"speaker_contrast_temperature must be > 0 (is {SpeakerContrastTemperature})");
        if (SpeakerAdaptSteps < 0) errors.Add($"speaker_adapt_steps must be >= 0 (is {SpeakerAdaptSteps})");
        if (SpeakerAdaptLearningRate <= 0) errors.Add($"speaker_adapt_learning_rate must be > 0 (is {SpeakerAdaptLearningRate})");
        if (AdversarialWeight < 0) errors.Add($"adversarial_weight must be >= 0 (is {AdversarialWeight}; 0 = no discriminator)");
        if (FeatureMatchingWeight < 0) errors.Add($"feature_matching_weight must be >= 0 (is {FeatureMatchingWeight})");
        if (DiscriminatorChannels <= 0) errors.Add($"discriminator_channels must be > 0 (is {DiscriminatorChannels})");
        if (AdversarialStartStep < 0) errors.Add($"adversarial_start_step must be >= 0 (is {AdversarialStartStep})");
        if (ReconWeight <= 0) errors.Add($"recon_weight must be > 0 (is {ReconWeight})");
        if (LambdaKl < 0) errors.Add($"lambda_kl must be >= 0 (is {LambdaKl})");
        if (KlRampFraction is < 0 or > 1) errors.Add($"kl_ramp_fraction must be in [0, 1] (is {KlRampFraction})");
        return errors;
    }
}
