using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Images.Common;
using SpeechDisentangle.Models.Tests.Images.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Images.TripleGan;

// Imported inside the namespace: a test namespace of the same name would hide the type otherwise.
using SpeechDisentangle.Models.Images.TripleGan;

[Collection("torch")]
public class TripleGanTests
{
    internal static TripleGanOptions Tiny => new()
    {
        NoiseDim = 8,
        BaseChannels = 4,
        JointHidden = 32,
        Classifier = new MnistClassifierOptions { BaseChannels = 4, FeatureDim = 16, Dropout = 0 },
        PseudoLabelStartProgress = 0.5,
    };

    internal static readonly Dictionary<string, OptimizerSettings> TinyOptimizers = new()
    {
        [TripleGan.ClassifierTurn] = new() { LearningRate = 1e-3, Beta1 = 0.9 },
        [TripleGan.DiscriminatorTurn] = new() { LearningRate = 1e-3 },
        [TripleGan.GeneratorTurn] = new() { LearningRate = 1e-3 },
    };

    [Fact]
    public void Train_WithTenLabelsPerClass_ClassifierBeatsChance()
    {
        var (x, y) = SyntheticDigits.Make(perClass: 20, seed: 41);
        var labelled = LabelledSubset.Select(y.data<long>().ToArray(), perClass: 1, seed: 1);
        var (testX, testY) = SyntheticDigits.Make(perClass: 10, seed: 42);
        Trainer.SeedEverything(41);
        var model = new TripleGan(new TripleGanNet(Tiny));
        using var source = new SemiSupervisedBatchSource(x, y, labelled, batchSize: 32, labelledBatchSize: 16);
        using var runner = new TurnRunner(model, optimizers: TinyOptimizers);

        runner.Train(50, source);

        model.TestError(testX, testY).Should().BeLessThan(0.5, "chance error is 0.9");
        runner.History["c_pseudo"].Should().NotBeEmpty("R_P switches on halfway");
        runner.History["d_loss"].Concat(runner.History["g_loss"]).Should().OnlyContain(v => double.IsFinite(v));
    }

    [Fact]
    public void Step_MaskedBatchLayout_UsesMaskedRowsAsLabelled()
    {
        var (x, y) = SyntheticDigits.Make(perClass: 1, seed: 43);
        var model = new TripleGan(new TripleGanNet(Tiny));
        using var g = new Generator(1);
        var context = new StepContext(0, 0, CPU, g);
        var mask = tensor(new[] { true, true, false, false, false, false, false, false, false, false });

        // Eval mode: C maps each image on its own (no batch statistics), whatever it is batched with.
        model.Model.eval();
        var output = model.Step(new Batch { ["x"] = x, ["y"] = y, ["labeled"] = mask }, "classifier", Stage.Train, context);

        output.Stats.Keys.Should().Contain(["c_ce", "c_adv", "c_loss"]);
        var expectedCe = nn.functional.cross_entropy(model.Model.Classifier.forward(x[mask]), y[mask]).item<float>();
        output.Stats["c_ce"].item<float>().Should().BeApproximately(expectedCe, 1e-4f);
    }

    [Fact]
    public void SemiSupervisedBatchSource_Batches_DrawLabelledRowsOnlyAndCoverUnlabelledOnce()
    {
        var (x, y) = SyntheticDigits.Make(perClass: 3, seed: 46);
        int[] labelled = [0, 5, 7];
        using var source = new SemiSupervisedBatchSource(x, y, labelled, batchSize: 8, labelledBatchSize: 4, unlabelledIncludesLabelled: false);
        using var g = new Generator(2);

        var batches = source.Batches(0, g).ToList();

        source.Count.Should().Be(4, "27 unlabelled images in batches of 8");
        batches.Sum(b => b["x"].shape[0]).Should().Be(27);
        batches.Should().OnlyContain(b => b["xl"].shape[0] == 4);
        var allowed = new HashSet<long>(labelled.Select(i => y[i].item<long>()));
        batches.SelectMany(b => b["yl"].data<long>().ToArray()).Should().OnlyContain(label => allowed.Contains(label));
    }

    [Fact]
    public void Step_BatchWithoutLabelledPart_ThrowsListingKeys()
    {
        var model = new TripleGan(new TripleGanNet(Tiny));
        var act = () => model.Step(new Batch { ["x"] = zeros(2, 1, 28, 28) }, "discriminator", Stage.Train, new StepContext(0, 0, CPU, null));
        act.Should().Throw<KeyNotFoundException>().WithMessage("*'xl'*has: x*");
    }

    [Fact]
    public void Baseline_TrainedOnLabelsOnly_BeatsChance()
    {
        var (x, y) = SyntheticDigits.Make(perClass: 2, seed: 44);
        var (testX, testY) = SyntheticDigits.Make(perClass: 10, seed: 45);
        Trainer.SeedEverything(44);
        var baseline = TripleGanBaseline.Create(Tiny with { ConsistencyWeight = 1, EntropyWeight = 1 });
        using var runner = new TurnRunner(baseline, optimizers: TinyOptimizers);

        runner.Train(40, g => TurnRunner.Sample(g, 16, ("x", x), ("xl", x), ("yl", y)));

        baseline.TestError(testX, testY).Should().BeLessThan(0.7);
        runner.History.Keys.Should().Contain("c_ce").And.NotContain(["c_consistency", "c_entropy", "c_adv", "d_loss"], "the baseline uses the labels only");
    }
}
