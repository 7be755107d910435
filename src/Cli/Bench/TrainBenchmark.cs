using System.Diagnostics;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Parallel;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Core.Training;

namespace SpeechDisentangle.Cli.Bench;

/// <summary>
/// Training throughput of one model through the shared Trainer (warm-up excluded). <paramref name="BatchSize"/> is the
/// global batch (all ranks together); <paramref name="Allreduce"/> is what rank 0 summed during the timed steps
/// (waits for slower ranks included), <paramref name="AllreduceAlone"/> the median and fastest time of one step's
/// allreduces when every rank starts them together (after a barrier): the transfer alone.
/// </summary>
internal sealed record TrainBenchmarkResult(string Model, string Device, int BatchSize, long Steps, double Seconds,
    int Ranks, long Parameters, AllreduceTally Allreduce, (double Median, double Fastest) AllreduceAlone)
{
    public double StepsPerSecond => Steps / Seconds;
    public double SamplesPerSecond => Steps * (double)BatchSize / Seconds;
}

/// <summary>
/// Times training steps of any registered model on its real data: a warm-up run first (allocator, kernels, lazy
/// init), then <c>steps</c> timed steps through the very Trainer path that `sdt train` uses, alone or as one rank of
/// a data-parallel job.
/// </summary>
internal static class TrainBenchmark
{
    public static TrainBenchmarkResult Run(RunConfig config, string dataPath, long warmup, long steps, IDataParallel parallel)
    {
        ArgumentNullException.ThrowIfNull(parallel);
        ArgumentNullException.ThrowIfNull(config);
        var task = ModelRegistry.Get(config.Model);
        config = task.CompleteFromData(config, dataPath);
        object options = task.ResolveOptions(config.ModelOptions);
        var trainerOptions = config.Trainer with { MaxSteps = warmup + steps, LogEvery = (int)Math.Max(1, warmup + steps), Progress = false, EvalEvery = 0 };
        trainerOptions.Validate();
        Trainer.SeedEverything(trainerOptions.Seed);
        var model = task.Build(options);
        using var data = task.LoadData(dataPath, config with { Trainer = trainerOptions });
        using var trainer = new Trainer(model, trainerOptions, null, config.ResolveOptimizers(model.Optimizers), TextWriter.Null, parallel: parallel);
        if (warmup > 0) trainer.Fit(data.Train, stopAfter: warmup);
        var before = (parallel as MpiDataParallel)?.Tally ?? default;
        var clock = Stopwatch.StartNew();
        trainer.Fit(data.Train);   // ends with the Trainer's own read of the stats, so queued device work is included
        clock.Stop();
        var reduced = ((parallel as MpiDataParallel)?.Tally ?? default) - before;
        var alone = parallel.Size > 1 ? AllreduceAlone(parallel, AllreduceVolume.ElementsPerTurn(model), trainer.Device, repeats: 20) : default;
        return new TrainBenchmarkResult(task.Name, trainer.Device.ToString(), trainerOptions.BatchSize, steps, clock.Elapsed.TotalSeconds,
            parallel.Size, AllreduceVolume.Parameters(model), reduced, alone);
    }

    /// <summary>Seconds for one step's allreduces (one per turn, of its size), every rank starting together: median and fastest of <paramref name="repeats"/>.</summary>
    static (double Median, double Fastest) AllreduceAlone(IDataParallel parallel, IReadOnlyList<long> elementsPerTurn, TorchSharp.torch.Device device, int repeats)
    {
        var buffers = elementsPerTurn.Select(n => TorchSharp.torch.ones(n, device: device)).ToList();
        try
        {
            var times = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                parallel.Barrier();
                var clock = Stopwatch.StartNew();
                foreach (var b in buffers) parallel.SumInPlace(b);
                times.Add(clock.Elapsed.TotalSeconds);
            }
            times.Sort();
            return (times[times.Count / 2], times[0]);
        }
        finally
        {
            foreach (var b in buffers) b.Dispose();
        }
    }
}
