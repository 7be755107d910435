using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Training;

[Collection("torch")]
public class FlatAdamTests
{
    public FlatAdamTests() => TorchTestSetup.Init();

    /// <summary>A small conv + linear net (several parameter shapes, odd sizes so the slices need padding).</summary>
    static nn.Module<Tensor, Tensor> Net(long seed)
    {
        Trainer.SeedEverything(seed);
        return nn.Sequential(
            nn.Conv2d(1, 3, 3), nn.ReLU(), nn.Flatten(),
            nn.Linear(3 * 4 * 4, 7), nn.Tanh(), nn.Linear(7, 3));
    }

    /// <summary>Trains <paramref name="net"/> for <paramref name="steps"/> full-batch steps with a changing learning rate.</summary>
    static void Train(nn.Module<Tensor, Tensor> net, OptimizerHelper optimizer, int steps)
    {
        using var g = new Generator(7);
        var x = randn(16, 1, 6, 6, generator: g);
        var y = randint(0, 3, [16], dtype: ScalarType.Int64, generator: g);
        for (int s = 0; s < steps; s++)
        {
            using var scope = NewDisposeScope();
            foreach (var group in optimizer.ParamGroups) group.LearningRate = 0.01 * (1 + s % 3);
            optimizer.zero_grad();
            nn.functional.cross_entropy(net.forward(x), y).backward();
            optimizer.step();
        }
    }

    static void ShouldMatch(nn.Module reference, nn.Module flat, double tolerance)
    {
        var a = reference.parameters().ToList();
        var b = flat.parameters().ToList();
        b.Should().HaveSameCount(a);
        for (int i = 0; i < a.Count; i++)
        {
            double diff = (a[i] - b[i]).abs().max().item<float>();
            diff.Should().BeLessThan(tolerance, $"parameter {i} ({string.Join("x", a[i].shape)})");
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    public void Step_TwentySteps_MatchesTorchAdam(double weightDecay)
    {
        var reference = Net(1);
        var flat = Net(1);
        using var adam = torch.optim.Adam(reference.parameters(), 0.01, 0.5, 0.999, weight_decay: weightDecay);
        using var flatAdam = new FlatAdam(flat.parameters(), 0.01, 0.5, 0.999, weightDecay: weightDecay);

        Train(reference, adam, 20);
        Train(flat, flatAdam, 20);

        flatAdam.StepCount.Should().Be(20);
        ShouldMatch(reference, flat, 1e-5);
        // It learned something, so the match is not between two untouched nets.
        (reference.parameters().First() - Net(1).parameters().First()).abs().max().item<float>().Should().BeGreaterThan(1e-3f);
    }

    [Fact]
    public void Step_AdamWWeightDecay_MatchesTorchAdamW()
    {
        var reference = Net(2);
        var flat = Net(2);
        using var adamw = torch.optim.AdamW(reference.parameters(), 0.01, 0.9, 0.99, weight_decay: 0.5);
        using var flatAdam = new FlatAdam(flat.parameters(), 0.01, 0.9, 0.99, weightDecay: 0.5, decoupled: true);

        Train(reference, adamw, 20);
        Train(flat, flatAdam, 20);

        ShouldMatch(reference, flat, 1e-5);
        // Decoupled decay differs from the L2 penalty, so this also proves the AdamW branch runs.
        var l2 = Net(2);
        using var l2Adam = new FlatAdam(l2.parameters(), 0.01, 0.9, 0.99, weightDecay: 0.5);
        Train(l2, l2Adam, 20);
        (l2.parameters().First() - flat.parameters().First()).abs().max().item<float>().Should().BeGreaterThan(1e-4f);
    }

    [Fact]
    public void Constructor_Parameters_BecomeViewsOfOneBufferWithTheirValues()
    {
        var net = Net(3);
        var before = net.parameters().Select(p => p.data<float>().ToArray()).ToList();

        using var optimizer = new FlatAdam(net.parameters(), 0.01);
        nn.functional.mse_loss(net.forward(ones(2, 1, 6, 6)), zeros(2, 3)).backward();

        var after = net.parameters().ToList();
        for (int i = 0; i < after.Count; i++) after[i].data<float>().ToArray().Should().Equal(before[i]);
        optimizer.BufferLength.Should().BeGreaterThanOrEqualTo(after.Sum(p => p.numel()));
        // Every gradient landed in the flat buffer: its total equals the sum over the parameters' grads.
        double inBuffer = optimizer.Gradients.abs().sum().item<float>();
        double perParameter = after.Sum(p => (double)p.grad!.abs().sum().item<float>());
        inBuffer.Should().BeApproximately(perParameter, 1e-4 * Math.Max(1, perParameter));
        perParameter.Should().BeGreaterThan(0);
    }

    [Fact]
    public void ZeroGrad_AfterBackward_ZeroesAndKeepsAccumulatingIntoTheBuffer()
    {
        var net = Net(4);
        using var optimizer = new FlatAdam(net.parameters(), 0.01);
        var x = ones(2, 1, 6, 6);
        nn.functional.mse_loss(net.forward(x), zeros(2, 3)).backward();
        var first = optimizer.Gradients.clone();

        optimizer.zero_grad();
        optimizer.Gradients.abs().sum().item<float>().Should().Be(0f);
        nn.functional.mse_loss(net.forward(x), zeros(2, 3)).backward();

        optimizer.Gradients.allclose(first).Should().BeTrue("backward after zero_grad must write into the same views again");
    }

    [Fact]
    public void ClipGradNorm_LikeGradClip_ScalesToTheSameGradients()
    {
        var a = Net(5);
        var b = Net(5);
        using var optimizer = new FlatAdam(b.parameters(), 0.01);
        var x = ones(2, 1, 6, 6) * 3;
        nn.functional.mse_loss(a.forward(x), ones(2, 3) * 10).backward();
        nn.functional.mse_loss(b.forward(x), ones(2, 3) * 10).backward();

        var normA = GradClip.ClipNorm(a.parameters(), 0.5);
        var normB = optimizer.ClipGradNorm(0.5);

        normB.item<float>().Should().BeApproximately(normA.item<float>(), 1e-4f * normA.item<float>());
        normA.item<float>().Should().BeGreaterThan(0.5f, "the test must actually clip");
        var ga = a.parameters().Select(p => p.grad!).ToList();
        var gb = b.parameters().Select(p => p.grad!).ToList();
        for (int i = 0; i < ga.Count; i++) gb[i].allclose(ga[i], rtol: 1e-4, atol: 1e-7).Should().BeTrue($"gradient {i}");
    }

    [Fact]
    public void Constructor_MixedDtypes_ThrowsNamingBoth()
    {
        var a = nn.Parameter(zeros(2));
        var b = nn.Parameter(zeros(2, dtype: ScalarType.Float64));

        var act = () => new FlatAdam([a, b], 0.01);

        act.Should().Throw<ArgumentException>().WithMessage("*Float32*Float64*");
    }

    [Fact]
    public void Create_FlatSgd_BuildsThePlainOptimizer()
    {
        var net = Net(6);

        using var optimizer = OptimizerFactory.Create(net.parameters(), new OptimizerSettings { Kind = OptimizerKind.Sgd }, flat: true);

        optimizer.Should().NotBeOfType<FlatAdam>("trainer.flat_adam applies to adam and adamw only");
    }

    [Fact]
    public void Create_FlatAdamW_BuildsADecoupledFlatAdam()
    {
        var net = Net(6);

        using var optimizer = OptimizerFactory.Create(net.parameters(), new OptimizerSettings { Kind = OptimizerKind.Adamw, WeightDecay = 0.1 }, flat: true);

        optimizer.Should().BeOfType<FlatAdam>().Which.Decoupled.Should().BeTrue();
    }

    [Fact]
    public void Trainer_TwoFlatOptimizersShareAParameter_RefusesNamingThem()
    {
        var shared = new SharedParameterObjective();

        var act = () => new Trainer(shared, new TrainerOptions { Progress = false, FlatAdam = true }, log: TextWriter.Null);

        act.Should().Throw<ArgumentException>().WithMessage("*trainer.flat_adam: optimizer 'second' shares parameters with optimizer 'first'*");
    }

    [Fact]
    public void Fit_FlatAdamWithClipping_LearnsAndResumesBitwiseEqual()
    {
        using var dirA = new TestDirectory();
        using var dirB = new TestDirectory();
        var (straight, accuracy) = RunClassifier(dirA.Path, stopAfter: null, resume: false);
        RunClassifier(dirB.Path, stopAfter: 9, resume: false);
        var (resumed, _) = RunClassifier(dirB.Path, stopAfter: null, resume: true);

        accuracy.Should().BeGreaterThan(0.8, "three well-separated blobs (chance 1/3)");
        straight.Should().HaveSameCount(resumed);
        for (int i = 0; i < straight.Count; i++)
            resumed[i].Should().Equal(straight[i], $"parameter {i} must match bit for bit");
    }

    /// <summary>Flat Adam, a cosine schedule, clipping and shuffled batches whose epoch boundary misses the stop.</summary>
    static (List<float[]> Weights, double Accuracy) RunClassifier(string dir, long? stopAfter, bool resume)
    {
        Trainer.SeedEverything(resume ? 999 : 3);
        var (x, y) = ToyData.Blobs(12, seed: 5);
        using var source = new TensorBatchSource(new Dictionary<string, Tensor> { ["x"] = x, ["y"] = y }, batchSize: 8);
        var settings = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05, Beta1 = 0.9, GradClipNorm = 0.5 };
        var model = new MlpClassifier(2, 8, 3, settings, dropout: 0.2) { InputNoise = 0.3 };
        var options = new TrainerOptions
        {
            MaxSteps = 24, LogEvery = 4, Progress = false, Seed = 11, FlatAdam = true,
            Schedules = new Dictionary<string, LrScheduleOptions> { ["model"] = new() { Kind = LrScheduleKind.Cosine, WarmupSteps = 3 } },
        };
        using var trainer = new Trainer(model, options, dir, log: TextWriter.Null);
        trainer.Optimizers["model"].Should().BeOfType<FlatAdam>();
        var result = trainer.Fit(source, resume: resume, stopAfter: stopAfter);
        double accuracy = result.Train.TryGetValue("acc", out double a) ? a : 0;
        return (model.Module.parameters().Select(p => p.data<float>().ToArray()).ToList(), accuracy);
    }

    /// <summary>Two adam optimizers over overlapping parameter sets.</summary>
    sealed class SharedParameterObjective : ITrainable
    {
        readonly Linear _net = nn.Linear(2, 2);

        public nn.Module Module => _net;

        public IReadOnlyList<OptimizerSpec> Optimizers =>
        [
            new OptimizerSpec("first", _net.parameters().ToList(), new OptimizerSettings()),
            new OptimizerSpec("second", [_net.parameters().First()], new OptimizerSettings()),
        ];

        public IReadOnlyList<string> Turns => ["first", "second"];

        public TurnOutput Step(Batch batch, string turn, Stage stage, StepContext context) =>
            throw new NotSupportedException("never trained");
    }
}
