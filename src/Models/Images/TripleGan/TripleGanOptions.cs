using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Images.Common;

namespace SpeechDisentangle.Models.Images.TripleGan;

/// <summary>Sizes and loss weights of <see cref="TripleGan"/> (Li et al. 2017).</summary>
public sealed record TripleGanOptions
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
    public OptimizerSettings DiscriminatorOptimizer { get; init; } = new() { LearningRate = 3e-4 };
    public OptimizerSettings ClassifierOptimizer { get; init; } = new() { LearningRate = 3e-4, Beta1 = 0.9 };
    public OptimizerSettings GeneratorOptimizer { get; init; } = new() { LearningRate = 3e-4 };

    public void Validate()
    {
        var e = new OptionErrors(nameof(TripleGanOptions));
        e.Positive(NoiseDim, nameof(NoiseDim));
        e.Require(Classes >= 2, $"Classes must be >= 2 (got {Classes})");
        e.Positive(BaseChannels, nameof(BaseChannels));
        e.Positive(JointHidden, nameof(JointHidden));
        e.Require(Classifier is not null, $"{nameof(Classifier)} is required");
        e.Require(Classifier is null || Classifier.Classes == Classes, $"Classifier.Classes ({Classifier?.Classes}) must equal Classes ({Classes})");
        e.InRange(Alpha, 0, 1, nameof(Alpha));
        e.NonNegative(PseudoLabelWeight, nameof(PseudoLabelWeight));
        e.InRange(PseudoLabelStartProgress, 0, 1, nameof(PseudoLabelStartProgress));
        e.Require(AugmentShift is >= 0 and <= 8, $"{nameof(AugmentShift)} must be in [0, 8] (got {AugmentShift})");
        e.Require(DiscriminatorShift is >= 0 and <= 8, $"{nameof(DiscriminatorShift)} must be in [0, 8] (got {DiscriminatorShift})");
        e.NonNegative(ConsistencyWeight, nameof(ConsistencyWeight));
        e.InRange(ConsistencyThreshold, 0, 1, nameof(ConsistencyThreshold));
        e.InRange(ConsistencyRampUp, 0, 1, nameof(ConsistencyRampUp));
        e.NonNegative(ConsistencyNoise, nameof(ConsistencyNoise));
        e.InRange(ConsistencyRotation, 0, 180, nameof(ConsistencyRotation));
        e.Require(ConsistencyScale is >= 0 and < 1, $"{nameof(ConsistencyScale)} must be in [0, 1) (got {ConsistencyScale})");
        e.NonNegative(ConsistencyElasticAlpha, nameof(ConsistencyElasticAlpha));
        e.Positive(ConsistencyElasticSigma, nameof(ConsistencyElasticSigma));
        e.Require(ConsistencyCutout is >= 0 and <= 28, $"{nameof(ConsistencyCutout)} must be in [0, 28] (got {ConsistencyCutout})");
        e.NonNegative(EntropyWeight, nameof(EntropyWeight));
        e.Require(ClassifierAverageDecay is >= 0 and < 1, $"{nameof(ClassifierAverageDecay)} must be in [0, 1) (got {ClassifierAverageDecay})");
        e.Require(!AverageTeacher || ClassifierAverageDecay > 0, $"{nameof(AverageTeacher)} needs {nameof(ClassifierAverageDecay)} above 0");
        e.Require(!AverageTeacher || ConsistencyWeight > 0, $"{nameof(AverageTeacher)} needs {nameof(ConsistencyWeight)} above 0");
        e.Require(DiscriminatorOptimizer is not null, $"{nameof(DiscriminatorOptimizer)} is required");
        e.Require(ClassifierOptimizer is not null, $"{nameof(ClassifierOptimizer)} is required");
        e.Require(GeneratorOptimizer is not null, $"{nameof(GeneratorOptimizer)} is required");
        e.ThrowIfAny();
        Classifier!.Validate();
    }
}
