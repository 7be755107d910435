using SpeechDisentangle.Models.Dann;
using SpeechDisentangle.Models.Data;
using SpeechDisentangle.Models.Tests.Training;
using SpeechDisentangle.Models.Training;
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

    static double TargetAccuracy(DannOptions options, Dictionary<string, Tensor> train, Dictionary<string, Tensor> targetTest)
    {
        Trainer.SeedEverything(3);
        var model = new DannModel(new MlpExtractor(ShiftedDomainToy.Inputs, [32, 32]), options);
        var trainerOptions = new TrainerOptions { MaxSteps = 400, LogEvery = 400, Seed = 3, Progress = false, Schedules = DannOptions.LrSchedules() };
        using var trainer = new Trainer(new DannObjective(model), trainerOptions, log: TextWriter.Null);
        using var source = new TensorBatchSource(train, batchSize: 64);
        trainer.Fit(source);
        using var test = new TensorBatchSource(targetTest, batchSize: 256, shuffle: false);
        return trainer.Evaluate(test, Stage.Test)["label_acc"];
    }

    [Fact]
    public void Dann_OnShiftedDomainToy_BeatsSourceOnlyOnTarget()
    {
        using var scope = NewDisposeScope();
        var source = ShiftedDomainToy.Sample(400, target: false, seed: 1);
        var target = ShiftedDomainToy.Sample(400, target: true, seed: 2);
        var targetTest = ShiftedDomainToy.Sample(400, target: true, seed: 3);
        var options = new DannOptions { Classes = ShiftedDomainToy.Classes, LabelHidden = 32, DomainHidden = 32 };

        double sourceOnly = TargetAccuracy(options with { SourceOnly = true }, source, targetTest);
        double dann = TargetAccuracy(options, ShiftedDomainToy.Mixed(source, target), targetTest);
        _output.WriteLine($"target accuracy: source-only {sourceOnly:F3}, DANN {dann:F3}");

        dann.Should().BeGreaterThan(0.9);
        dann.Should().BeGreaterThan(sourceOnly + 0.15);
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
