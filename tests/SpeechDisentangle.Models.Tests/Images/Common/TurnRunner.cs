using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Tests.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Images.Common;

/// <summary>
/// Test driver: trains an objective with the shared <see cref="Trainer"/> (in memory, stats logged every step) on
/// batches from a batch source or from a function of the epoch generator, and keeps the per-step stat history.
/// </summary>
internal sealed class TurnRunner : IDisposable
{
    private readonly ITrainable _objective;
    private readonly long _seed;
    private readonly Dictionary<string, OptimizerSettings> _optimizers;
    private Trainer? _trainer;

    /// <param name="objective">What to train.</param>
    /// <param name="seed">The trainer's seed.</param>
    /// <param name="optimizers">Optimizer settings by name, as a run config's optimizers section (names the objective lacks are skipped).</param>
    public TurnRunner(ITrainable objective, long seed = 1, IReadOnlyDictionary<string, OptimizerSettings>? optimizers = null)
    {
        _objective = objective;
        _seed = seed;
        var names = objective.Optimizers.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        _optimizers = (optimizers ?? new Dictionary<string, OptimizerSettings>()).Where(kv => names.Contains(kv.Key)).ToDictionary(StringComparer.Ordinal);
        TorchTestSetup.Init();
        Generator = new Generator((ulong)seed + 1000);
    }

    /// <summary>Stat name -> value per step, as the trainer logged it.</summary>
    public Dictionary<string, List<double>> History { get; } = [];

    /// <summary>A generator for draws after training (metrics on samples).</summary>
    public Generator Generator { get; }

    /// <summary>Runs <paramref name="steps"/> steps, each on a batch made by <paramref name="makeBatch"/>.</summary>
    public void Train(int steps, Func<Generator, Batch> makeBatch) => Train(steps, new FuncBatchSource(steps, makeBatch));

    /// <summary>Runs <paramref name="steps"/> steps over <paramref name="source"/>.</summary>
    public void Train(int steps, IBatchSource source)
    {
        _trainer?.Dispose();
        _trainer = new Trainer(_objective, new TrainerOptions { MaxSteps = steps, LogEvery = 1, Progress = false, Seed = _seed }, optimizerSettings: _optimizers, log: TextWriter.Null);
        var result = _trainer.Fit(source);
        foreach (var record in result.History.Where(r => r.Stage == Stage.Train))
        {
            if (!History.TryGetValue(record.Name, out var list)) History[record.Name] = list = [];
            list.Add(record.Value);
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
        _trainer?.Dispose();
        Generator.Dispose();
    }

    /// <summary>An epoch of <paramref name="count"/> batches made on demand from the epoch generator.</summary>
    private sealed class FuncBatchSource(long count, Func<Generator, Batch> makeBatch) : IBatchSource
    {
        public long Count => count;

        public IEnumerable<Batch> Batches(long epoch, Generator generator)
        {
            for (long i = 0; i < count; i++) yield return makeBatch(generator);
        }
    }
}
