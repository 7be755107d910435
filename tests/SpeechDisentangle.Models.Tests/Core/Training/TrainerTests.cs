using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Training;

[Collection("torch")]
public class TrainerTests
{
    public TrainerTests() => TorchTestSetup.Init();

    static TrainerOptions Quiet(long steps) => new() { MaxSteps = steps, LogEvery = 10, Progress = false, Seed = 7 };

    [Fact]
    public void Fit_MlpOnSeparableBlobs_LossFallsAndValidAccuracyFarAboveChance()
    {
        Trainer.SeedEverything(1);
        var (x, y) = ToyData.Blobs(64, seed: 1);
        var (vx, vy) = ToyData.Blobs(32, seed: 2);
        using var train = new TensorBatchSource(new Dictionary<string, Tensor> { ["x"] = x, ["y"] = y }, batchSize: 32);
        using var valid = new TensorBatchSource(new Dictionary<string, Tensor> { ["x"] = vx, ["y"] = vy }, batchSize: 50, shuffle: false);
        var model = new MlpClassifier(2, 16, 3);
        using var trainer = new Trainer(model, Quiet(150) with { BestMetric = "acc", BestMode = BestMode.Max, EvalEvery = 50 }, log: TextWriter.Null);

        var result = trainer.Fit(train, valid);

        var losses = result.History.Where(r => r.Stage == Stage.Train && r.Name == "loss").Select(r => r.Value).ToList();
        losses.Should().HaveCount(15);
        losses[^1].Should().BeLessThan(losses[0] * 0.3, "training must reduce the loss");
        result.Valid!["acc"].Should().BeGreaterThan(0.9, "chance is 1/3");
        result.BestValue.Should().Be(result.History.Where(r => r.Stage == Stage.Valid && r.Name == "acc").Max(r => r.Value));
        result.History.Where(r => r.Stage == Stage.Valid).Select(r => r.Step).Distinct().Should().Equal(50, 100, 150);
    }

    [Fact]
    public void Fit_TwoTurns_RunsTurnsInOrderAndStepsOnlyTheNamedOptimizer()
    {
        var model = new TwoTurnObjective();
        using var source = OneRowSource();
        using var trainer = new Trainer(model, Quiet(2), log: TextWriter.Null);

        trainer.Fit(source);

        model.Calls.Should().Equal("Train:first:0", "Train:second:0", "Train:first:1", "Train:second:1");
        // Step 0: a = 0 - 0.1*2(0-1) = 0.2; b follows the updated a: b = 0 - 0.1*2(0-0.2) = 0.04.
        // Step 1: a gets only its own gradient 2(0.2-1) = -1.6 (turn two's gradient for a was zeroed): a = 0.36;
        //         b = 0.04 - 0.1*2(0.04-0.36) = 0.104.
        model.A.item<float>().Should().BeApproximately(0.36f, 1e-6f);
        model.B.item<float>().Should().BeApproximately(0.104f, 1e-6f);
    }

    [Fact]
    public void Fit_TwoTurns_LogsOneLossPerTurn()
    {
        var model = new TwoTurnObjective();
        using var source = OneRowSource();
        using var trainer = new Trainer(model, Quiet(1) with { BestMetric = "loss_second" }, log: TextWriter.Null);

        var result = trainer.Fit(source);

        result.Train.Keys.Should().Contain(["loss_first", "loss_second", "lr_first", "lr_second"]);
        result.Train["loss_first"].Should().BeApproximately(1.0, 1e-6, "(a-1)^2 at a = 0");
    }

    [Fact]
    public void Fit_LossTurnsNaN_ThrowsNamingStepAndTurnAndKeepsLastGoodCheckpoint()
    {
        using var dir = new TestDirectory();
        var model = new NanAfterObjective(nanFrom: 7);
        using var source = OneRowSource();
        using var trainer = new Trainer(model, Quiet(20) with { LogEvery = 5, CheckpointEvery = 5 }, dir.Path, log: TextWriter.Null);

        var act = () => trainer.Fit(source);

        var error = act.Should().Throw<NonFiniteLossException>().Which;
        error.Step.Should().Be(7);
        error.Turn.Should().Be("model");
        double.IsNaN(error.Loss).Should().BeTrue();
        error.Message.Should().Contain("step 7").And.Contain("'model'").And.Contain("last.ckpt");
        using var fresh = new NanAfterObjective(7).Module;
        Checkpoint.LoadModel(trainer.LastCheckpointPath!, fresh).Step.Should().Be(5, "the checkpoint after the NaN must not be written");
        foreach (var p in fresh.parameters()) p.isfinite().all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void Constructor_TurnWithoutOptimizerOfItsName_ThrowsNamingTurnAndOptimizers()
    {
        var model = new WrongOptimizerObjective();

        var act = () => new Trainer(model, Quiet(1), log: TextWriter.Null);

        act.Should().Throw<ArgumentException>().WithMessage("*turn 'nope' has no optimizer of its name*declared: model*");
    }

    [Fact]
    public void Evaluate_AfterCall_RestoresTrainModeAndLeavesNoGradients()
    {
        var (x, y) = ToyData.Blobs(8, seed: 3);
        using var source = new TensorBatchSource(new Dictionary<string, Tensor> { ["x"] = x, ["y"] = y }, batchSize: 5, shuffle: false);
        var model = new MlpClassifier(2, 4, 3);
        using var trainer = new Trainer(model, Quiet(1), log: TextWriter.Null);
        model.Module.train();

        var stats = trainer.Evaluate(source);

        model.Module.training.Should().BeTrue();
        foreach (var p in model.Module.parameters()) (p.grad?.abs().sum().item<float>() ?? 0).Should().Be(0);
        stats.Keys.Should().BeEquivalentTo(["loss", "acc"]);
        // Weighted by batch size: the mean over all 24 rows, whatever the 5/5/5/5/4 split.
        using var noGrad = no_grad();
        model.Module.eval();
        var expected = nn.functional.cross_entropy(((nn.Module<Tensor, Tensor>)model.Module).forward(x), y).item<float>();
        stats["loss"].Should().BeApproximately(expected, 1e-5);
    }

    [Fact]
    public void Constructor_ScheduleForUnknownOptimizer_ThrowsListingProblems()
    {
        var model = new TwoTurnObjective();
        var options = Quiet(1) with { Schedules = new Dictionary<string, LrScheduleOptions> { ["third"] = new() { Kind = LrScheduleKind.Cosine } } };

        var act = () => new Trainer(model, options, optimizerSettings: new Dictionary<string, OptimizerSettings> { ["first"] = new() { LearningRate = -1 } }, log: TextWriter.Null);

        act.Should().Throw<ArgumentException>().WithMessage("*schedules.third*").WithMessage("*optimizers.first: learning_rate*");
    }

    [Fact]
    public void Fit_WithExperimentFolder_WritesMetricsAndTensorBoardAndCheckpoints()
    {
        using var dir = new TestDirectory();
        var (x, y) = ToyData.Blobs(8, seed: 3);
        using var source = new TensorBatchSource(new Dictionary<string, Tensor> { ["x"] = x, ["y"] = y }, batchSize: 8);
        using var trainer = new Trainer(new MlpClassifier(2, 4, 3), Quiet(20) with { LogEvery = 10 }, dir.Path, log: TextWriter.Null);

        trainer.Fit(source, source);

        var csv = File.ReadAllLines(dir.Combine("metrics.csv"));
        csv[0].Should().Be("step,stage,name,value");
        csv.Should().Contain(l => l.StartsWith("10,train,loss,", StringComparison.Ordinal));
        csv.Should().Contain(l => l.StartsWith("20,valid,acc,", StringComparison.Ordinal));
        File.ReadAllLines(dir.Combine("metrics.jsonl")).Should().HaveCount(csv.Length - 1);
        Directory.GetFiles(dir.Combine("tensorboard"), "events.out.tfevents*", SearchOption.AllDirectories).Should().NotBeEmpty();
        File.Exists(dir.Combine("checkpoints", "last.ckpt")).Should().BeTrue();
        File.Exists(dir.Combine("checkpoints", "best.ckpt")).Should().BeTrue();
    }

    [Fact]
    public void Evaluate_ObjectiveDrawsNoise_RepeatsExactlyAndLeavesRunGeneratorAlone()
    {
        var model = new NoisyObjective();
        using var source = OneRowSource();
        using var trainer = new Trainer(model, Quiet(1), log: TextWriter.Null);
        var before = trainer.Generator.get_state().data<byte>().ToArray();

        var first = trainer.Evaluate(source);
        var second = trainer.Evaluate(source);

        second["loss"].Should().Be(first["loss"]);
        trainer.Generator.get_state().data<byte>().ToArray().Should().Equal(before);
    }

    internal static TensorBatchSource OneRowSource() =>
        new(new Dictionary<string, Tensor> { ["x"] = ones(1, 1), ["y"] = ones(1, 1) }, batchSize: 1);

    /// <summary>Its loss is pure noise from the context's generator.</summary>
    sealed class NoisyObjective : ITrainable
    {
        readonly nn.Module<Tensor, Tensor> _net = nn.Linear(1, 1);
        public nn.Module Module => _net;
        public IReadOnlyList<OptimizerSpec> Optimizers => [new OptimizerSpec("model", _net.parameters().ToList(), new OptimizerSettings())];
        public IReadOnlyList<string> Turns => ["model"];
        public TurnOutput Step(Batch batch, string turn, Stage stage, StepContext context) =>
            new(randn(4, generator: context.Generator).sum() + _net.forward(batch.Get("x")).sum() * 0, new Dictionary<string, Tensor>());
    }

    sealed class WrongOptimizerObjective : ITrainable
    {
        readonly nn.Module<Tensor, Tensor> _net = nn.Linear(1, 1);
        public nn.Module Module => _net;
        public IReadOnlyList<OptimizerSpec> Optimizers => [new OptimizerSpec("model", _net.parameters().ToList(), new OptimizerSettings())];
        public IReadOnlyList<string> Turns => ["nope"];
        public TurnOutput Step(Batch batch, string turn, Stage stage, StepContext context) =>
            new(_net.forward(batch.Get("x")).sum(), new Dictionary<string, Tensor>());
    }
}
