using SpeechDisentangle.Models.Common.Augmentation;
using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.Losses;
using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.InfoGan;

/// <summary>
/// InfoGAN (Chen et al. 2016) on 28x28 images in [-1, 1]. Batch key: "x" images [B, 1, 28, 28].
/// Turns: "discriminator" (optimizer "discriminator": body + adversarial head + Q head; loss = real/fake loss +
/// the information term on the fakes, so D and Q both maximise the mutual-information bound) then "generator"
/// (optimizer "generator": G; loss = adversarial + the information term). Information term = LambdaCat * CE(Q cat)
/// + LambdaCon * continuous term. Stats: discriminator turn "d_loss", "d_real", "d_fake", "d_info"; generator turn
/// "g_loss", "g_adv", "info_cat", "info_con", "q_cat_accuracy" (Q recovering the categorical code of the fakes; from
/// the augmented copy when the InfoAugment* options are on).
/// </summary>
public sealed class InfoGan(InfoGanNet model) : Objective<InfoGanNet>(model)
{
    public const string DiscriminatorTurn = "discriminator";
    public const string GeneratorTurn = "generator";

    /// <summary>Optimizer "generator" (G) unless the run config's optimizers.generator changes it; the paper uses 1e-3 for G.</summary>
    public static OptimizerSettings GeneratorOptimizer { get; } = new() { LearningRate = 1e-3 };

    /// <summary>Optimizer "discriminator" (body + adversarial head + Q head) unless the run config changes it.</summary>
    public static OptimizerSettings DiscriminatorOptimizer { get; } = new() { LearningRate = 2e-4 };

    public InfoGanOptions Options => Model.Options;

    public override IReadOnlyList<OptimizerSpec> Optimizers =>
    [
        new OptimizerSpec(DiscriminatorTurn, Model.DiscriminatorParameters, DiscriminatorOptimizer),
        new OptimizerSpec(GeneratorTurn, Model.GeneratorParameters, GeneratorOptimizer),
    ];

    public override IReadOnlyList<string> Turns { get; } = [DiscriminatorTurn, GeneratorTurn];

    protected override TurnOutput Compute(Batch batch, string turn, Stage stage, StepContext context)
    {
        var real = batch.Get("x");
        var codes = InfoGanCodes.Draw(Options, real.shape[0], context.Device, context.Generator);
        return turn == DiscriminatorTurn ? DiscriminatorStep(real, codes, context) : GeneratorStep(codes, context);
    }

    private TurnOutput DiscriminatorStep(Tensor real, InfoGanCodes codes, StepContext context)
    {
        var fake = Model.Generate(codes.Noise, codes.Categories, codes.Continuous).detach();
        var realLogit = Model.Judge(real).Logit;
        var judged = Model.Judge(fake);
        var info = InformationTerm(QView(fake, judged, context), codes);
        var loss = GanLosses.Real(realLogit) + GanLosses.Fake(judged.Logit) + info;
        var stats = new Dictionary<string, Tensor>
        {
            ["d_loss"] = loss.detach(),
            ["d_real"] = GanLosses.MeanProbability(realLogit),
            ["d_fake"] = GanLosses.MeanProbability(judged.Logit),
            ["d_info"] = info.detach(),
        };
        return new TurnOutput(loss, stats);
    }

    private TurnOutput GeneratorStep(InfoGanCodes codes, StepContext context)
    {
        var fake = Model.Generate(codes.Noise, codes.Categories, codes.Continuous);
        var judged = Model.Judge(fake);
        var adversarial = GanLosses.Real(judged.Logit);
        var read = QView(fake, judged, context);
        var categorical = nn.functional.cross_entropy(read.CategoryLogits, codes.Categories);
        var continuous = ContinuousTerm(read, codes.Continuous);
        var loss = adversarial + Weighted(categorical, continuous);
        var stats = new Dictionary<string, Tensor>
        {
            ["g_loss"] = loss.detach(),
            ["g_adv"] = adversarial.detach(),
            ["info_cat"] = categorical.detach(),
            ["info_con"] = continuous.detach(),
            ["q_cat_accuracy"] = read.CategoryLogits.detach().argmax(1).eq(codes.Categories).to_type(ScalarType.Float32).mean(),
        };
        return new TurnOutput(loss, stats);
    }

    // What Q reads the codes from: the fakes as D judged them, or an augmented copy (InfoAugment* options).
    private InfoGanJudgement QView(Tensor fake, InfoGanJudgement judged, StepContext context)
    {
        if (Options.InfoAugmentRotation == 0 && Options.InfoAugmentScale == 0 && Options.InfoAugmentShift == 0) return judged;
        var view = RandomShift.Apply(fake, Options.InfoAugmentShift, context.Generator);
        return Model.Judge(RandomRotateScale.Apply(view, Options.InfoAugmentRotation, Options.InfoAugmentScale, context.Generator));
    }

    private Tensor InformationTerm(InfoGanJudgement judged, InfoGanCodes codes) =>
        Weighted(nn.functional.cross_entropy(judged.CategoryLogits, codes.Categories), ContinuousTerm(judged, codes.Continuous));

    private Tensor Weighted(Tensor categorical, Tensor continuous) => (Options.LambdaCat * categorical) + (Options.LambdaCon * continuous);

    private Tensor ContinuousTerm(InfoGanJudgement judged, Tensor codes)
    {
        if (Options.ContinuousCodes == 0) return zeros([], device: codes.device);
        var error = (codes - judged.ContinuousMean).pow(2);
        return Options.ContinuousLoss == ContinuousCodeLoss.Mse
            ? error.mean()
            : (0.5 * (judged.ContinuousLogVar + (error * (-judged.ContinuousLogVar).exp()))).mean();
    }

    /// <summary>Generates <paramref name="n"/> images with random codes, in eval mode; returns them on the CPU.</summary>
    public Tensor Sample(int n, Generator? generator = null) => Generate(InfoGanCodes.Draw(Options, n, Model.DeviceOf(), generator));

    /// <summary>G(codes) in eval mode under no_grad; images [B, 1, 28, 28] in [-1, 1] on the CPU.</summary>
    public Tensor Generate(InfoGanCodes codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var device = Model.DeviceOf();
        return Model.Evaluate(() => Model.Generate(codes.Noise.to(device), codes.Categories.to(device), codes.Continuous.to(device)));
    }

    /// <summary>Q's posterior over the categorical code for each image, float32 [N, Categories] on the CPU.</summary>
    public Tensor CategoryProbabilities(Tensor images, int batchSize = 256) =>
        Model.MapInChunks(images, chunk => Model.Judge(chunk).CategoryLogits.softmax(1), batchSize);

    /// <summary>Q's categorical code for each image (argmax), int64 [N] on the CPU.</summary>
    public Tensor PredictCategory(Tensor images, int batchSize = 256) =>
        Model.MapInChunks(images, chunk => Model.Judge(chunk).CategoryLogits.argmax(1), batchSize);
}
