using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Training;

/// <summary>A two-layer MLP classifier with dropout: one turn and optimizer, "model"; stats loss and acc.</summary>
internal sealed class MlpClassifier : ITrainable
{
    readonly nn.Module<Tensor, Tensor> _net;
    readonly OptimizerSettings _settings;

    public MlpClassifier(int inputs, int hidden, int classes, OptimizerSettings? settings = null, double dropout = 0)
    {
        _net = nn.Sequential(nn.Linear(inputs, hidden), nn.ReLU(), nn.Dropout(dropout), nn.Linear(hidden, classes));
        _settings = settings ?? new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 1e-2, Beta1 = 0.9 };
    }

    public nn.Module Module => _net;

    public IReadOnlyList<OptimizerSpec> Optimizers => [new OptimizerSpec("model", _net.parameters().ToList(), _settings)];

    public IReadOnlyList<string> Turns => ["model"];

    /// <summary>Extra noise drawn from the run generator, to prove its state is checkpointed; 0 = off.</summary>
    public double InputNoise { get; init; }

    public TurnOutput Step(Batch batch, string turn, Stage stage, StepContext context)
    {
        var x = batch.Get("x");
        if (InputNoise > 0 && stage == Stage.Train)
            x = x + InputNoise * randn(x.shape, generator: context.Generator, device: context.Device);
        var logits = _net.forward(x);
        var y = batch.Get("y");
        var loss = nn.functional.cross_entropy(logits, y);
        var acc = logits.argmax(1).eq(y).to(float32).mean();
        return new TurnOutput(loss, new Dictionary<string, Tensor> { ["acc"] = acc.detach() });
    }
}

/// <summary>
/// Two scalars a, b and two turns, each with the optimizer of its name: "first" moves a towards 1, "second" moves b
/// towards a. The second turn's loss also has a gradient for a, which must not reach optimizer "first".
/// </summary>
internal sealed class TwoTurnObjective : ITrainable
{
    readonly PairModule _module = new();

    public nn.Module Module => _module;
    public Parameter A => _module.A;
    public Parameter B => _module.B;
    public List<string> Calls { get; } = [];

    public IReadOnlyList<OptimizerSpec> Optimizers =>
    [
        new OptimizerSpec("first", [_module.A], new OptimizerSettings { Kind = OptimizerKind.Sgd, LearningRate = 0.1 }),
        new OptimizerSpec("second", [_module.B], new OptimizerSettings { Kind = OptimizerKind.Sgd, LearningRate = 0.1 }),
    ];

    public IReadOnlyList<string> Turns => ["first", "second"];

    public TurnOutput Step(Batch batch, string turn, Stage stage, StepContext context)
    {
        Calls.Add($"{stage}:{turn}:{context.Step}");
        var empty = new Dictionary<string, Tensor>();
        return turn == "first"
            ? new TurnOutput((_module.A - 1).pow(2).sum(), empty)
            : new TurnOutput((_module.B - _module.A).pow(2).sum(), empty);
    }

    sealed class PairModule : nn.Module
    {
        readonly Parameter a = nn.Parameter(zeros(1));
        readonly Parameter b = nn.Parameter(zeros(1));

        public PairModule() : base("pair") => RegisterComponents();

        public Parameter A => a;
        public Parameter B => b;
    }
}

/// <summary>
/// A one-weight regression whose loss turns NaN from step <see cref="NanFrom"/> on; <paramref name="beforeStep"/>
/// runs at each training step first (to change the world mid-run).
/// </summary>
internal sealed class NanAfterObjective(long nanFrom, Action<long>? beforeStep = null) : ITrainable
{
    readonly nn.Module<Tensor, Tensor> _net = nn.Linear(1, 1);

    public long NanFrom => nanFrom;
    public nn.Module Module => _net;
    public IReadOnlyList<OptimizerSpec> Optimizers => [new OptimizerSpec("model", _net.parameters().ToList(), new OptimizerSettings { Kind = OptimizerKind.Sgd, LearningRate = 0.01 })];
    public IReadOnlyList<string> Turns => ["model"];

    public TurnOutput Step(Batch batch, string turn, Stage stage, StepContext context)
    {
        if (stage == Stage.Train) beforeStep?.Invoke(context.Step);
        var loss = (_net.forward(batch.Get("x")) - batch.Get("y")).pow(2).mean();
        if (context.Step >= nanFrom) loss = loss * double.NaN;
        return new TurnOutput(loss, new Dictionary<string, Tensor>());
    }
}

internal static class ToyData
{
    /// <summary>Three Gaussian blobs in 2-D, well apart: a linear-ish 3-class problem (chance = 1/3).</summary>
    public static (Tensor X, Tensor Y) Blobs(int perClass, long seed)
    {
        using var g = new Generator((ulong)seed);
        var centers = tensor(new float[,] { { 3, 0 }, { -3, 0 }, { 0, 3 } });
        var y = arange(3, dtype: ScalarType.Int64).repeat_interleave(perClass);
        var x = centers.index_select(0, y) + randn(3 * perClass, 2, generator: g);
        return (x, y);
    }
}
