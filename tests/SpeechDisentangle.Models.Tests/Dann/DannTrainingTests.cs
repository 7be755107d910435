using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Dann;
using SpeechDisentangle.Models.Tests.Core.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Dann;

[Collection("torch")]
public class DannTrainingTests
{
    readonly ITestOutputHelper _output;

    public DannTrainingTests(ITestOutputHelper output)
    {
        TorchTestSetup.Init();
        _output = output;
    }

    static double TargetAccuracy(DannOptions options, Dictionary<string, Tensor> train, Dictionary<string, Tensor> targetTest, long seed)
    {
        Trainer.SeedEverything(seed);
        var model = new DannModel(new MlpExtractor(ShiftedDomainToy.Inputs, [32, 32]), options);
        var trainerOptions = new TrainerOptions { MaxSteps = 600, LogEvery = 600, Seed = seed, Progress = false, Schedules = DannOptions.LrSchedules() };
        // Adam and a small lambda: on this toy SGD (the paper's) and lambda near 1 oscillate instead of aligning.
        var adam = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 1e-3, Beta1 = 0.9 };
        using var trainer = new Trainer(new DannObjective(model, adam), trainerOptions, log: TextWriter.Null);
        using var source = new TensorBatchSource(train, batchSize: 64);
        trainer.Fit(source);
        using var test = new TensorBatchSource(targetTest, batchSize: 256, shuffle: false);
        return trainer.Evaluate(test, Stage.Test)["label_acc"];
    }

    [Fact]
    public void Dann_OnShiftedDomainToy_BeatsChanceOnTarget()
    {
        using var scope = NewDisposeScope();
        var source = ShiftedDomainToy.Sample(400, target: false, seed: 10);
        var target = ShiftedDomainToy.Sample(400, target: true, seed: 11);
        var targetTest = ShiftedDomainToy.Sample(400, target: true, seed: 12);
        var options = new DannOptions
        {
            Classes = ShiftedDomainToy.Classes,
            LabelHidden = 32,
            DomainHidden = 32,
            LambdaMax = 0.1,
        };

        // Whether DANN beats source-only on this toy moves with the seed and the CPU's kernels (mean target accuracy
        // over three seeds: DANN 0.93 vs source-only 0.81 on one triple, 0.51 vs 0.72 on another), so the comparison
        // is measured by the recipes (docs/results.md), not asserted here; the reversal itself is pinned by
        // Step_ExtractorGradient_IsLabelGradientMinusLambdaTimesDomainGradient. What holds: DANN training on mixed
        // batches still learns the source labels well enough to beat chance on the target (means 0.51-0.93).
        long[] seeds = [3, 4, 5];
        var dann = seeds.Select(s => TargetAccuracy(options, ShiftedDomainToy.Mixed(source, target), targetTest, s)).ToList();
        _output.WriteLine($"target accuracy: DANN {string.Join(" ", dann.Select(a => a.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");

        dann.Average().Should().BeGreaterThan(0.4, "chance is 0.25");
    }

    /// <summary>
    /// What gradient reversal guarantees, whatever the game's outcome: the feature extractor moves along the label
    /// gradient minus lambda times the domain classifier's gradient (it maximises the domain loss).
    /// </summary>
    [Fact]
    public void Step_ExtractorGradient_IsLabelGradientMinusLambdaTimesDomainGradient()
    {
        using var scope = NewDisposeScope();
        Trainer.SeedEverything(0);
        var model = new DannModel(new MlpExtractor(ShiftedDomainToy.Inputs, [16]), new DannOptions { Classes = 4, LabelHidden = 8, DomainHidden = 8, LambdaMax = 0.3 });
        var objective = new DannObjective(model);
        var batch = new Batch();
        foreach (var (k, v) in ShiftedDomainToy.Mixed(ShiftedDomainToy.Sample(8, target: false, seed: 1), ShiftedDomainToy.Sample(8, target: true, seed: 2))) batch[k] = v;
        var extractor = model.Features.parameters().ToList();
        DannOutput Plain()
        {
            model.Lambda = -1; // the reversal layer then passes gradients unchanged
            return model.forward(batch);
        }
        var domain = batch.Get(model.Options.DomainKey);
        var sourceLabels = batch.Get(model.Options.LabelKey).masked_fill(domain.ne(0), SpeechBatchKeys.Ignore);
        double lambda = objective.LambdaAt(0.5);

        var turn = ReversalGradients.Of(model, extractor, () => objective.Step(batch, "main", Stage.Train, new StepContext(0, 0.5, CPU, null)).Loss);
        var label = ReversalGradients.Of(model, extractor, () => nn.functional.cross_entropy(Plain().LabelLogits, sourceLabels, ignore_index: SpeechBatchKeys.Ignore));
        var domainGrad = ReversalGradients.Of(model, extractor, () => nn.functional.cross_entropy(Plain().DomainLogits, domain));

        lambda.Should().BeGreaterThan(0);
        domainGrad.abs().sum().item<float>().Should().BeGreaterThan(0, "the domain loss reaches the extractor");
        ReversalGradients.RelativeError(turn, label, domainGrad, lambda).Should().BeLessThan(1e-4f);
    }

    [Fact]
    public void Step_TrainingBatch_NeverReadsTargetLabels()
    {
        using var scope = NewDisposeScope();
        Trainer.SeedEverything(0);
        var model = new DannModel(new MlpExtractor(ShiftedDomainToy.Inputs, [8]), new DannOptions { Classes = 4, LabelHidden = 0, DomainHidden = 0 });
        var objective = new DannObjective(model);
        var source = ShiftedDomainToy.Sample(8, target: false, seed: 1);
        var target = ShiftedDomainToy.Sample(8, target: true, seed: 2);
        var batch = new Batch();
        foreach (var (k, v) in ShiftedDomainToy.Mixed(source, target)) batch[k] = v;
        var context = new StepContext(0, 0.5, CPU, null);
        double hidden = objective.Step(batch, "main", Stage.Train, context).Stats["label_loss"].item<float>();
        batch["label"] = cat([source["label"], target["label"]], 0);
        double shown = objective.Step(batch, "main", Stage.Train, context).Stats["label_loss"].item<float>();
        shown.Should().BeApproximately(hidden, 1e-6);
    }
}
