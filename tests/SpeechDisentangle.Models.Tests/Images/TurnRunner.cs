using SpeechDisentangle.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Images;

/// <summary>
/// Test-only driver: runs an objective's turns on random mini-batches of a small in-memory set with Adam
/// optimizers built from its specs, and records every stat per step. Stands in for the shared Trainer in tests.
/// </summary>
internal sealed class TurnRunner : IDisposable
{
    private readonly ITrainable _objective;
    private readonly Dictionary<string, optim.Optimizer> _optimizers;
    private readonly Generator _generator;

    public TurnRunner(ITrainable objective, long seed = 1)
    {
        _objective = objective;
        // One intra-op thread: on the shared 2-core machine, two spinning threads cost several times more CPU.
        set_num_threads(1);
        manual_seed(seed);
        _generator = new Generator((ulong)seed);
        _optimizers = objective.Optimizers.ToDictionary(
            spec => spec.Name,
            spec => (optim.Optimizer)optim.Adam(spec.Parameters, spec.Settings.LearningRate, spec.Settings.Beta1, spec.Settings.Beta2));
    }

    /// <summary>Stat name -> value per step (each stat comes from the turn that reported it).</summary>
    public Dictionary<string, List<double>> History { get; } = [];

    public Generator Generator => _generator;

    /// <summary>Runs <paramref name="steps"/> steps, each on a batch made by <paramref name="makeBatch"/>.</summary>
    public void Train(int steps, Func<Generator, Batch> makeBatch)
    {
        _objective.Module.train();
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var batch = makeBatch(_generator);
            var context = new StepContext(step, (double)step / steps, CPU, _generator);
            foreach (var turn in _objective.Turns)
            {
                var output = _objective.Step(batch, turn, Stage.Train, context);
                var optimizer = _optimizers[output.Optimizer];
                optimizer.zero_grad();
                output.Loss.backward();
                optimizer.step();
                foreach (var (name, value) in output.Stats)
                {
                    if (!History.TryGetValue(name, out var list)) History[name] = list = [];
                    list.Add(value.item<float>());
                }
            }
        }
    }

    /// <summary>Mean of a stat over steps [from, from + count).</summary>
    public double Mean(string stat, int from, int count) => History[stat].Skip(from).Take(count).Average();

    /// <summary>Mean of a stat over the last <paramref name="count"/> steps.</summary>
    public double LastMean(string stat, int count) => History[stat].TakeLast(count).Average();

    /// <summary>A batch of <paramref name="size"/> random rows of the given tensors, under the given keys.</summary>
    public static Batch Sample(Generator generator, int size, params (string Key, Tensor Value)[] tensors)
    {
        var index = randint(0, tensors[0].Value.shape[0], [size], dtype: ScalarType.Int64, generator: generator);
        var batch = new Batch();
        foreach (var (key, value) in tensors) batch[key] = value.index_select(0, index);
        return batch;
    }

    public void Dispose()
    {
        foreach (var optimizer in _optimizers.Values) optimizer.Dispose();
        _generator.Dispose();
    }
}
