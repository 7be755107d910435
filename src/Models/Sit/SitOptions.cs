using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Augmentation;
using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Core.Config;

namespace SpeechDisentangle.Models.Sit;

/// <summary>How the encoder fights speaker information (see <see cref="SitOptions.AdversaryLoss"/>).</summary>
public enum AdversaryLoss { Reversal, Confusion, MeanMatching, Discriminant }

/// <summary>
/// What the closed-form adversaries (mean_matching, discriminant) read: the pooled utterance embedding, or the
/// mean and standard deviation of the encoder's frames over each utterance, which is what a probe of the frames
/// `sdt extract` writes reads (a mean-pooled embedding leaves the frames' spread unguarded).
/// </summary>
public enum AdversaryInput { Embedding, FrameStats }

/// <summary>
/// Speaker-invariant training (Meng et al., ICASSP 2018): a speech encoder, a content head and an adversarial speaker
/// classifier (behind gradient reversal, or trained against with a confusion loss; see <see cref="AdversaryLoss"/>). <see cref="Adversarial"/> = false gives the baseline: the same model and recipe with the
/// reversal weight at 0, so the speaker classifier still learns (it is then a probe) but never moves the encoder.
/// </summary>
[MovedKey("optimizer", "optimizers.encoder_content")]
[MovedKey("speaker_optimizer", "optimizers.speaker")]
public sealed record SitOptions : IValidatable
{
    public SpeechEncoderOptions Encoder { get; init; } = new();

    /// <summary>Content classes (words, digits or phones).</summary>
    public int ContentClasses { get; init; } = 10;

    /// <summary>Speakers in the training set.</summary>
    public int SpeakerClasses { get; init; } = 2;

    /// <summary>
    /// Content labels per frame (batch key "frame_content", head on each frame embedding) rather than per utterance
    /// (key "content", head on the pooled embedding).
    /// </summary>
    public bool FrameLevelContent { get; init; }

    /// <summary>
    /// Classify the speaker from every frame embedding (as Meng et al. do for their frame-level acoustic model) rather
    /// than from the pooled embedding. Measured on synth-digits: a frame-level adversary is fooled (chance accuracy per
    /// frame) while a probe on the pooled statistics still reads the speaker (0.81 on 9 seen speakers, baseline 0.74),
    /// because speaker evidence too weak in any one frame adds up over the utterance. So the default attacks the
    /// pooled embedding, which is what the utterance-level content head and the probes read.
    /// </summary>
    public bool SpeakerOnFrames { get; init; }

    /// <summary>
    /// Batch-normalise (no learned scale) the speaker classifier's inputs, so the encoder cannot hide speaker
    /// information from it in dimensions it shrinks (a probe on standardised embeddings would still find it there).
    /// Off by default: on synth-digits (600 steps, confusion loss) it made the game unstable; the classifier became
    /// confidently wrong, its logits grew without bound and content accuracy fell to chance.
    /// </summary>
    public bool SpeakerNormalize { get; init; }

    /// <summary>
    /// Speaker classifier updates per encoder update (k of the discriminator's steps, each on the same batch): the
    /// adversary only measures speaker information if it is close to the best classifier of the current encoder.
    /// </summary>
    public int SpeakerSteps { get; init; } = 1;

    /// <summary>
    /// How the encoder fights the speaker classifier. reversal: the paper's gradient reversal, the encoder maximises
    /// the classifier's cross-entropy. confusion: the encoder pushes the classifier's output towards the uniform
    /// distribution over speakers (cross-entropy against uniform targets), whose optimum needs no speaker
    /// information; maximising cross-entropy is instead best served by features that make the classifier
    /// confidently wrong, which keeps speaker identity (see the remarks on <see cref="SitObjective"/>).
    /// mean_matching (or mean-matching): no adversary; the encoder minimises the between-speaker share of its
    /// standardised pooled embedding's variance in each batch (<see cref="SitObjective.BetweenSpeakerShare"/>),
    /// lambda × that share. discriminant: the same share after whitening the pooled embeddings with a running
    /// estimate of their covariance (<see cref="RunningWhitening"/>): Fisher's criterion, i.e. how well the best
    /// linear classifier (linear discriminant analysis) reads the speaker, computed in closed form on each batch, so
    /// there is no classifier to chase and no direction, however small its variance, where the speaker can hide
    /// from a linear probe on standardised embeddings. The speaker classifier then only monitors.
    /// </summary>
    public AdversaryLoss AdversaryLoss { get; init; } = AdversaryLoss.Confusion;

    /// <summary>mean_matching and discriminant: what their share is measured on (<see cref="AdversaryInput"/>); embedding by default.</summary>
    public AdversaryInput AdversaryInput { get; init; } = AdversaryInput.Embedding;

    /// <summary>
    /// mean_matching and discriminant: compare speakers within each content class (utterance-level content) rather
    /// than over everything they said: the share is that of the speaker-and-word cell means around their word's
    /// mean. Over everything, a voice can keep a word-dependent offset that averages out over its words, which a
    /// nearest neighbour among renditions of the same word still finds. Needs data.content_pairs, so that a batch
    /// holds two renditions of a word by a speaker. Only words that two or more of a batch's speakers say count, so
    /// it suits a small vocabulary (digits, keywords: 10 digits and 16 speakers of 2 words each share about 3
    /// speakers a digit); with hundreds of sentence classes few batches would hold any.
    /// </summary>
    public bool AdversaryWithinContent { get; init; }

    /// <summary>discriminant only: weight of each new batch in the running covariance (exponential moving average).</summary>
    public double WhiteningMomentum { get; init; } = 0.05;

    /// <summary>
    /// "discriminant" only: ridge added to the running covariance before whitening, as a share of its mean eigenvalue;
    /// it bounds how much a direction of almost no variance is magnified.
    /// </summary>
    public double WhiteningShrinkage { get; init; } = 0.1;

    /// <summary>
    /// Training only: each utterance's log-mels are warped along the mel axis by a random factor in
    /// [1 - VoiceWarp, 1 + VoiceWarp] (vocal-tract-length perturbation; <see cref="Common.Augmentation.MelAxisWarp"/>),
    /// so the encoder meets many more voices than the corpus has and its content must survive formant shifts. 0 = off.
    /// </summary>
    public double VoiceWarp { get; init; }

    /// <summary>
    /// Training only: each speaker of a batch becomes a new voice (random formant warp, pitch warp and spectral tilt
    /// on the log-mels; <see cref="Common.Augmentation.VoicePerturbation"/>), the same for all its utterances in the
    /// batch, so the adversary compares consistent new speakers and the content head meets voices the corpus lacks.
    /// </summary>
    public VoicePerturbationOptions VoicePerturbation { get; init; } = new();

    /// <summary>
    /// Training only, with <see cref="VoicePerturbation"/>: weight of a loss that asks the encoder's frames of the
    /// perturbed copy to equal those of the original (a positive pair, as ContentVec trains its content encoder),
    /// measured as their squared difference over the frames' own spread, so shrinking the frames does not pay.
    /// It removes from every frame what the perturbation changes (formants, pitch, tilt), on any voice. 0 = off.
    /// </summary>
    public double PerturbationConsistency { get; init; }

    /// <summary>False = baseline (reversal weight 0).</summary>
    public bool Adversarial { get; init; } = true;

    /// <summary>
    /// Adversary weight lambda: with "reversal" the encoder's gradient from the speaker loss is scaled by -lambda;
    /// with "confusion" the encoder minimises content CE + lambda × CE(speaker logits, uniform).
    /// </summary>
    public double Lambda { get; init; } = 1.0;

    /// <summary>constant (lambda throughout) or dann (lambda * (2 / (1 + exp(-10 p)) - 1), p = training progress).</summary>
    public LambdaSchedule LambdaSchedule { get; init; } = LambdaSchedule.Constant;

    /// <summary>Hidden units of the content head; 0 = a linear head.</summary>
    public int ContentHidden { get; init; } = 128;

    /// <summary>Hidden units of the speaker classifier; 0 = a linear classifier.</summary>
    public int SpeakerHidden { get; init; } = 128;

    public IReadOnlyList<string> Errors()
    {
        var errors = Validation.Nested("encoder", Encoder).ToList();
        errors.AddRange(Validation.Nested("voice_perturbation", VoicePerturbation));
        if (PerturbationConsistency < 0 || double.IsNaN(PerturbationConsistency)) errors.Add($"perturbation_consistency must be >= 0 (got {PerturbationConsistency})");
        if (PerturbationConsistency > 0 && !VoicePerturbation.Enabled) errors.Add("perturbation_consistency needs voice_perturbation (formant, pitch or tilt_db > 0) to make the copy it compares with");
        if (ContentClasses < 2) errors.Add($"content_classes must be >= 2 (got {ContentClasses})");
        if (SpeakerClasses < 2) errors.Add($"speaker_classes must be >= 2 (got {SpeakerClasses})");
        if (Lambda < 0 || double.IsNaN(Lambda)) errors.Add($"lambda must be >= 0 (got {Lambda})");
        if (AdversaryInput == AdversaryInput.FrameStats && AdversaryLoss is not (AdversaryLoss.Discriminant or AdversaryLoss.MeanMatching))
            errors.Add($"adversary_input frame_stats needs adversary_loss discriminant or mean_matching (got {AdversaryLoss.ToString().ToLowerInvariant()}, whose classifier reads the embedding)");
        if (AdversaryWithinContent && AdversaryLoss is not (AdversaryLoss.Discriminant or AdversaryLoss.MeanMatching))
            errors.Add($"adversary_within_content needs adversary_loss discriminant or mean_matching (got {AdversaryLoss.ToString().ToLowerInvariant()})");
        if (AdversaryWithinContent && FrameLevelContent) errors.Add("adversary_within_content needs utterance-level content (frame_level_content is on)");
        if (!(WhiteningMomentum > 0 && WhiteningMomentum <= 1)) errors.Add($"whitening_momentum must be in (0, 1] (got {WhiteningMomentum})");
        if (!(WhiteningShrinkage > 0)) errors.Add($"whitening_shrinkage must be > 0 (got {WhiteningShrinkage})");
        if (VoiceWarp is < 0 or >= 0.5) errors.Add($"voice_warp must be in [0, 0.5) (got {VoiceWarp})");
        if (SpeakerSteps < 1) errors.Add($"speaker_steps must be >= 1 (got {SpeakerSteps})");
        if (ContentHidden < 0) errors.Add($"content_hidden must be >= 0 (got {ContentHidden})");
        if (SpeakerHidden < 0) errors.Add($"speaker_hidden must be >= 0 (got {SpeakerHidden})");
        return errors;
    }
}
