using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Images.Common;

namespace SpeechDisentangle.Models.Images.TripleGan;

/// <summary>Sizes and loss weights of <see cref="TripleGan"/> (Li et al. 2017).</summary>
[MovedKey("discriminator_optimizer", "optimizers.discriminator")]
[MovedKey("classifier_optimizer", "optimizers.classifier")]
[MovedKey("generator_optimizer", "optimizers.generator")]
public sealed record TripleGanOptions : IValidatable
{
    public int NoiseDim { get; init; } = 100;
    public int Classes { get; init; } = 10;
    public int BaseChannels { get; init; } = 32;
    /// <summary>Width of the joint (x, y) layers of the discriminator.</summary>
    public int JointHidden { get; init; } = 256;
    /// <summary>The classifier C (also the labelled-only baseline's network).</summary>
    public MnistClassifierOptions Classifier { get; init; } = new();
    /// <summary>alpha: share of the discriminator's "fake" mass on C's pseudo pairs (1 - alpha on G's pairs); the paper uses 1/2.</summary>
    public double Alpha { get; init; } = 0.5;
    /// <summary>alpha_P: weight of R_P, the cross-entropy of C on G's (x, y) pairs; 0 turns R_P off.</summary>
    public double PseudoLabelWeight { get; init; } = 0.1;
    /// <summary>Training progress (0..1) from which R_P is added; the paper switches it on after G has warmed up.</summary>
    public double PseudoLabelStartProgress { get; init; } = 0.25;
    /// <summary>
    /// Whether G, D and C's adversarial and R_P terms train. False trains C alone on the labelled cross-entropy plus
    /// the unlabelled regularisers below (the labelled-only baseline and the consistency-only ablation).
    /// </summary>
    public bool Adversarial { get; init; } = true;
    /// <summary>Random shift (pixels, each axis) of every image C trains on (labelled, and both consistency views); 0 = none.</summary>
    public int AugmentShift { get; init; }
    /// <summary>
    /// Random shift (pixels, each axis) of every image D judges, real and fake alike, in all three turns
    /// (differentiable augmentation, Zhao et al. 2020): keeps D from memorising the few labelled pairs; 0 = none.
    /// </summary>
    public int DiscriminatorShift { get; init; }
    /// <summary>
    /// Weight of the consistency term on unlabelled images (Triple-GAN-V2, Li et al. 2021): C's prediction on one
    /// random view of x_u is pulled to its fixed prediction on another view (see <see cref="ConsistencyLoss"/>); 0 = off.
    /// </summary>
    public double ConsistencyWeight { get; init; }
    /// <summary>0: squared difference of probabilities (Pi-model); in (0, 1]: cross-entropy to the other view's class where its confidence reaches this.</summary>
    public double ConsistencyThreshold { get; init; }
    /// <summary>Training progress (0..1) over which the consistency weight ramps up from ~0 (exp(-5 (1 - t)^2)); 0 = full weight at once.</summary>
    public double ConsistencyRampUp { get; init; } = 0.2;
    /// <summary>Std of Gaussian noise added to the student view of the consistency term (images in [-1, 1]); 0 = none.</summary>
    public double ConsistencyNoise { get; init; }
    /// <summary>Largest random rotation (degrees) of the student view of the consistency term, on top of the shift; 0 = none.</summary>
    public double ConsistencyRotation { get; init; }
    /// <summary>Largest random relative scale change (in [0, 1)) of the student view of the consistency term; 0 = none.</summary>
    public double ConsistencyScale { get; init; }
    /// <summary>Side (pixels) of the random square set to background in the student view (Cutout, as FixMatch's strong view); 0 = none.</summary>
    public int ConsistencyCutout { get; init; }
    /// <summary>Elastic distortion of the student view (Simard et al. 2003): displacement scale in pixels; 0 = none.</summary>
    public double ConsistencyElasticAlpha { get; init; }
    /// <summary>Smoothness (Gaussian sigma, pixels) of the elastic displacement field; Simard et al. use 4 with alpha 34.</summary>
    public double ConsistencyElasticSigma { get; init; } = 4;
    /// <summary>Weight of the mean entropy of C's predictions on unlabelled images (entropy minimisation); 0 = off.</summary>
    public double EntropyWeight { get; init; }
    /// <summary>
    /// Decay of an exponential moving average of C's weights (<see cref="WeightAverage"/>) kept beside C; when above
    /// 0, the test error and every prediction after training come from the average; 0 = no average.
    /// </summary>
    public double ClassifierAverageDecay { get; init; }
    /// <summary>
    /// Mean teacher (Tarvainen and Valpola 2017): the consistency term's target comes from the averaged C (in eval
    /// mode) instead of C itself. Needs <see cref="ClassifierAverageDecay"/> above 0 and the consistency term on.
    /// </summary>
    public bool AverageTeacher { get; init; }

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!(NoiseDim > 0)) errors.Add($"noise_dim must be > 0 (got {NoiseDim})");
        if (!(Classes >= 2)) errors.Add($"classes must be >= 2 (got {Classes})");
        if (!(BaseChannels > 0)) errors.Add($"base_channels must be > 0 (got {BaseChannels})");
        if (!(JointHidden > 0)) errors.Add($"joint_hidden must be > 0 (got {JointHidden})");
        errors.AddRange(Validation.Nested("classifier", Classifier));
        if (Classifier is not null && Classifier.Classes != Classes) errors.Add($"classifier.classes ({Classifier.Classes}) must equal classes ({Classes})");
        if (!(Alpha >= 0 && Alpha <= 1)) errors.Add($"alpha must be in [0, 1] (got {Alpha})");
        if (!(PseudoLabelWeight >= 0)) errors.Add($"pseudo_label_weight must be >= 0 (got {PseudoLabelWeight})");
        if (!(PseudoLabelStartProgress >= 0 && PseudoLabelStartProgress <= 1)) errors.Add($"pseudo_label_start_progress must be in [0, 1] (got {PseudoLabelStartProgress})");
        if (!(AugmentShift is >= 0 and <= 8)) errors.Add($"augment_shift must be in [0, 8] (got {AugmentShift})");
        if (!(DiscriminatorShift is >= 0 and <= 8)) errors.Add($"discriminator_shift must be in [0, 8] (got {DiscriminatorShift})");
        if (!(ConsistencyWeight >= 0)) errors.Add($"consistency_weight must be >= 0 (got {ConsistencyWeight})");
        if (!(ConsistencyThreshold >= 0 && ConsistencyThreshold <= 1)) errors.Add($"consistency_threshold must be in [0, 1] (got {ConsistencyThreshold})");
        if (!(ConsistencyRampUp >= 0 && ConsistencyRampUp <= 1)) errors.Add($"consistency_ramp_up must be in [0, 1] (got {ConsistencyRampUp})");
        if (!(ConsistencyNoise >= 0)) errors.Add($"consistency_noise must be >= 0 (got {ConsistencyNoise})");
        if (!(ConsistencyRotation >= 0 && ConsistencyRotation <= 180)) errors.Add($"consistency_rotation must be in [0, 180] (got {ConsistencyRotation})");
        if (!(ConsistencyScale is >= 0 and < 1)) errors.Add($"consistency_scale must be in [0, 1) (got {ConsistencyScale})");
        if (!(ConsistencyElasticAlpha >= 0)) errors.Add($"consistency_elastic_alpha must be >= 0 (got {ConsistencyElasticAlpha})");
        if (!(ConsistencyElasticSigma > 0)) errors.Add($"consistency_elastic_sigma must be > 0 (got {ConsistencyElasticSigma})");
        if (!(ConsistencyCutout is >= 0 and <= 28)) errors.Add($"consistency_cutout must be in [0, 28] (got {ConsistencyCutout})");
        if (!(EntropyWeight >= 0)) errors.Add($"entropy_weight must be >= 0 (got {EntropyWeight})");
        if (!(ClassifierAverageDecay is >= 0 and < 1)) errors.Add($"classifier_average_decay must be in [0, 1) (got {ClassifierAverageDecay})");
        if (!(!AverageTeacher || ClassifierAverageDecay > 0)) errors.Add("average_teacher needs classifier_average_decay above 0");
        if (!(!AverageTeacher || ConsistencyWeight > 0)) errors.Add("average_teacher needs consistency_weight above 0");
        return errors;
    }
}
