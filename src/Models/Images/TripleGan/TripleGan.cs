using SpeechDisentangle.Models.Common.Augmentation;
using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.Losses;
using SpeechDisentangle.Models.Common.Metrics;
using SpeechDisentangle.Models.Common.Noise;
using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.TripleGan;

/// <summary>
/// Triple-GAN (Li et al. 2017) for semi-supervised classification of images in [-1, 1]. Batch layout: see
/// <c>TripleGanBatch</c> — "xl", "yl" (labelled) + "x" (unlabelled), or "x", "y", "labeled" mask.
/// Turns, each with the optimizer of the same name:
/// "discriminator": real labelled pairs vs. alpha * C's pairs (x_u, y ~ C(x_u)) + (1 - alpha) * G's pairs (G(z, y), y);
/// "classifier": CE on labelled pairs (R_L) + alpha * E[p_c(y|x_u) log(1 - D(x_u, y))] + alpha_P * R_P (CE on G's pairs)
/// + the optional unlabelled regularisers of Triple-GAN-V2 (consistency between two random views of x_u, entropy);
/// "generator": (1 - alpha) * non-saturating GAN loss on G's pairs.
/// With <see cref="TripleGanOptions.Adversarial"/> off only the classifier turn runs, without the GAN terms.
/// Stats: "d_loss", "d_real", "d_fake_c", "d_fake_g"; "c_loss", "c_ce", "c_adv", "c_pseudo", "c_consistency",
/// "c_consistency_used", "c_entropy", "c_accuracy"; "g_loss".
/// </summary>
public sealed class TripleGan(TripleGanNet model) : Objective<TripleGanNet>(model), IAfterOptimizerStep
{
    public const string DiscriminatorTurn = "discriminator";
    public const string ClassifierTurn = "classifier";
    public const string GeneratorTurn = "generator";

    /// <summary>Optimizers "discriminator" and "generator" unless the run config's optimizers.NAME changes them.</summary>
    public static OptimizerSettings AdversaryOptimizer { get; } = new() { LearningRate = 3e-4 };

    /// <summary>Optimizer "classifier" unless the run config's optimizers.classifier changes it.</summary>
    public static OptimizerSettings ClassifierOptimizer { get; } = new() { LearningRate = 3e-4, Beta1 = 0.9 };

    public TripleGanOptions Options => Model.Options;

    /// <summary>
    /// Only "classifier" when <see cref="TripleGanOptions.Adversarial"/> is off.
    /// </summary>
    public override IReadOnlyList<OptimizerSpec> Optimizers => Options.Adversarial
        ?
        [
            new OptimizerSpec(DiscriminatorTurn, ModuleExtensions.ParametersOf(Model.Discriminator), AdversaryOptimizer),
            new OptimizerSpec(ClassifierTurn, ModuleExtensions.ParametersOf(Model.Classifier), ClassifierOptimizer),
            new OptimizerSpec(GeneratorTurn, ModuleExtensions.ParametersOf(Model.GeneratorModule), AdversaryOptimizer),
        ]
        : [new OptimizerSpec(ClassifierTurn, ModuleExtensions.ParametersOf(Model.Classifier), ClassifierOptimizer)];

    /// <summary>"discriminator", "classifier", "generator"; only "classifier" when <see cref="TripleGanOptions.Adversarial"/> is off.</summary>
    public override IReadOnlyList<string> Turns => Options.Adversarial ? [DiscriminatorTurn, ClassifierTurn, GeneratorTurn] : [ClassifierTurn];

    protected override TurnOutput Compute(Batch batch, string turn, Stage stage, StepContext context)
    {
        var parts = TripleGanBatch.From(batch);
        return turn switch
        {
            DiscriminatorTurn => DiscriminatorStep(parts, context),
            ClassifierTurn => ClassifierStep(parts, context),
            _ => GeneratorStep(parts, context),
        };
    }

    private TurnOutput DiscriminatorStep(TripleGanBatch parts, StepContext context)
    {
        var (generated, generatedLabels) = DrawGenerated(parts.UnlabelledX.shape[0], context);
        Tensor pseudoLabels;
        using (no_grad()) pseudoLabels = SampleLabels(Model.Classifier.forward(parts.UnlabelledX), context);
        var pseudoLogits = Judge(parts.UnlabelledX, pseudoLabels, context);
        var generatedLogits = Judge(generated.detach(), generatedLabels, context);
        var fake = (Options.Alpha * GanLosses.Fake(pseudoLogits)) + ((1 - Options.Alpha) * GanLosses.Fake(generatedLogits));
        var stats = new Dictionary<string, Tensor>
        {
            ["d_fake_c"] = GanLosses.MeanProbability(pseudoLogits),
            ["d_fake_g"] = GanLosses.MeanProbability(generatedLogits),
        };
        var loss = fake;
        if (parts.LabelledX.shape[0] > 0)
        {
            var realLogits = Judge(parts.LabelledX, parts.LabelledY, context);
            loss = GanLosses.Real(realLogits) + fake;
            stats["d_real"] = GanLosses.MeanProbability(realLogits);
        }
        stats["d_loss"] = loss.detach();
        return new TurnOutput(loss, stats);
    }

    private TurnOutput ClassifierStep(TripleGanBatch parts, StepContext context)
    {
        var stats = new Dictionary<string, Tensor>();
        var (labelledLogits, unlabelledImages, unlabelledLogits, teacherLogits) = ClassifyViews(parts, context);
        var loss = zeros(1, device: parts.UnlabelledX.device).squeeze(0);
        if (labelledLogits is not null)
        {
            var crossEntropy = nn.functional.cross_entropy(labelledLogits, parts.LabelledY);
            loss += crossEntropy;
            stats["c_ce"] = crossEntropy.detach();
            stats["c_accuracy"] = labelledLogits.detach().argmax(1).eq(parts.LabelledY).to_type(ScalarType.Float32).mean();
        }
        if (Options.Adversarial)
        {
            var probabilities = nn.functional.softmax(unlabelledLogits, 1);
            Tensor pseudoLabels, logOneMinusD;
            using (no_grad())
            {
                pseudoLabels = SampleLabels(unlabelledLogits, context);
                // log(1 - sigmoid(l)) = -softplus(l); D is fixed here, only C's probabilities carry gradient.
                logOneMinusD = -nn.functional.softplus(Judge(unlabelledImages, pseudoLabels, context));
            }
            var chosen = probabilities.gather(1, pseudoLabels.unsqueeze(1)).squeeze(1);
            var adversarial = Options.Alpha * (chosen * logOneMinusD).mean();
            loss += adversarial;
            stats["c_adv"] = adversarial.detach();
            if (Options.PseudoLabelWeight > 0 && context.Progress >= Options.PseudoLabelStartProgress)
            {
                var (generated, generatedLabels) = DrawGenerated(parts.UnlabelledX.shape[0], context);
                Tensor generatedLogits;
                // G's samples must not move the batch-norm statistics C is tested with.
                using (new RunningStatsGuard(Model.Classifier)) generatedLogits = Model.Classifier.forward(generated.detach());
                var pseudo = nn.functional.cross_entropy(generatedLogits, generatedLabels);
                loss += Options.PseudoLabelWeight * pseudo;
                stats["c_pseudo"] = pseudo.detach();
            }
        }
        if (teacherLogits is not null)
        {
            var (consistency, used) = ConsistencyLoss.Compute(unlabelledLogits, teacherLogits, Options.ConsistencyThreshold);
            loss += Options.ConsistencyWeight * ConsistencyLoss.RampUp(context.Progress, Options.ConsistencyRampUp) * consistency;
            stats["c_consistency"] = consistency.detach();
            stats["c_consistency_used"] = used.detach();
        }
        if (Options.EntropyWeight > 0)
        {
            var entropy = ConsistencyLoss.Entropy(unlabelledLogits);
            loss += Options.EntropyWeight * entropy;
            stats["c_entropy"] = entropy.detach();
        }
        stats["c_loss"] = loss.detach();
        return new TurnOutput(loss, stats);
    }

    /// <summary>
    /// One forward pass of C over [labelled view; unlabelled view; second unlabelled view], so batch norm sees one
    /// batch of real images. Each view is a fresh random shift (<see cref="TripleGanOptions.AugmentShift"/>); the
    /// unlabelled view is the consistency student (see StudentView); the second view, the consistency teacher, exists
    /// only when the consistency term is on. Returns null labelled logits when the batch has no labelled part.
    /// </summary>
    private (Tensor? Labelled, Tensor UnlabelledImages, Tensor Unlabelled, Tensor? Teacher) ClassifyViews(TripleGanBatch parts, StepContext context)
    {
        long nl = parts.LabelledX.shape[0], nu = parts.UnlabelledX.shape[0];
        var labelled = RandomShift.Apply(parts.LabelledX, Options.AugmentShift, context.Generator);
        var unlabelled = RandomShift.Apply(parts.UnlabelledX, Options.AugmentShift, context.Generator);
        var consistency = Options.ConsistencyWeight > 0;
        var student = consistency ? StudentView(unlabelled, context) : unlabelled;
        var views = new List<Tensor> { labelled, student };
        var teacherView = consistency ? RandomShift.Apply(parts.UnlabelledX, Options.AugmentShift, context.Generator) : null;
        if (teacherView is not null && !Options.AverageTeacher) views.Add(teacherView);
        var logits = Model.Classifier.forward(cat(views, 0));
        var teacher = teacherView is null ? null
            : Options.AverageTeacher ? AveragedTeacher(teacherView) : logits.narrow(0, nl + nu, nu);
        return (nl > 0 ? logits.narrow(0, 0, nl) : null, unlabelled, logits.narrow(0, nl, nu), teacher);
    }

    // The mean teacher's logits: the averaged C in eval mode, so its batch-norm uses its (copied) running statistics.
    private Tensor AveragedTeacher(Tensor view)
    {
        var teacher = Model.AveragedClassifier!;
        var wasTraining = teacher.training;
        teacher.eval();
        try
        {
            using var noGrad = no_grad();
            return teacher.forward(view);
        }
        finally
        {
            teacher.train(wasTraining);
        }
    }

    /// <summary>After C's optimizer step, moves the weight average (when on) toward C.</summary>
    public void AfterOptimizerStep(string optimizer, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (optimizer != ClassifierTurn || Model.AveragedClassifier is null) return;
        WeightAverage.Update(Model.AveragedClassifier, Model.Classifier, WeightAverage.DecayAt(Options.ClassifierAverageDecay, context.Step));
    }

    private TurnOutput GeneratorStep(TripleGanBatch parts, StepContext context)
    {
        var (generated, labels) = DrawGenerated(parts.UnlabelledX.shape[0], context);
        var loss = (1 - Options.Alpha) * GanLosses.Real(Judge(generated, labels, context));
        return new TurnOutput(loss, new Dictionary<string, Tensor> { ["g_loss"] = loss.detach() });
    }

    // D(x, y) on a random shift of x when DiscriminatorShift is on: the same augmentation for real and fake pairs
    // (differentiable, so G learns through it) keeps D from memorising the few labelled pairs.
    private Tensor Judge(Tensor images, Tensor labels, StepContext context) =>
        Model.Judge(RandomShift.Apply(images, Options.DiscriminatorShift, context.Generator), labels);

    // The consistency student sees a harder view than the teacher: rotated, scaled, bent, occluded and noisy as the options say.
    private Tensor StudentView(Tensor shifted, StepContext context)
    {
        var view = RandomRotateScale.Apply(shifted, Options.ConsistencyRotation, Options.ConsistencyScale, context.Generator);
        view = RandomElastic.Apply(view, Options.ConsistencyElasticAlpha, Options.ConsistencyElasticSigma, context.Generator);
        view = RandomCutout.Apply(view, Options.ConsistencyCutout, context.Generator);
        return Options.ConsistencyNoise > 0
            ? view + (Options.ConsistencyNoise * ImageNoise.Normal(view.shape, view.device, context.Generator))
            : view;
    }

    private (Tensor Images, Tensor Labels) DrawGenerated(long n, StepContext context)
    {
        var noise = ImageNoise.Normal([n, Options.NoiseDim], context.Device, context.Generator);
        var labels = ImageNoise.Categories(n, Options.Classes, context.Device, context.Generator);
        return (Model.Generate(noise, labels), labels);
    }

    // y ~ p_c(y|x), drawn with the run's generator (on its device) for repeatable runs.
    private static Tensor SampleLabels(Tensor logits, StepContext context)
    {
        var probabilities = nn.functional.softmax(logits.detach(), 1);
        var onGenerator = probabilities.to(context.Generator?.device ?? probabilities.device);
        return multinomial(onGenerator, 1, replacement: true, generator: context.Generator).squeeze(1).to(logits.device);
    }

    /// <summary>C's logits (its weight average's when there is one) for every image, in eval mode; [N, Classes] on the CPU.</summary>
    public Tensor Classify(Tensor x, int batchSize = 256) => Model.MapInChunks(x, Model.PredictingClassifier.forward, batchSize);

    /// <summary>
    /// Test error of C (of its weight average when there is one): fraction of <paramref name="x"/> whose argmax
    /// class differs from <paramref name="y"/>.
    /// </summary>
    public double TestError(Tensor x, Tensor y, int batchSize = 256) =>
        1 - ClassifierMetrics.Accuracy(Model, Model.PredictingClassifier.forward, x, y, batchSize);

    /// <summary>G(z, y) for the given labels, in eval mode; images on the CPU.</summary>
    public Tensor Sample(Tensor labels, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var device = Model.DeviceOf();
        return Model.Evaluate(() => Model.Generate(ImageNoise.Normal([labels.shape[0], Options.NoiseDim], device, generator), labels.to(device)));
    }
}
