using System.Diagnostics;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Core.Training;

namespace SpeechDisentangle.Cli.Bench;

/// <summary>Training throughput of one model through the shared Trainer (warm-up excluded).</summary>
internal sealed record TrainBenchmarkResult(string Model, string Device, int BatchSize, long Steps, double Seconds)
{
    public double StepsPerSecond => Steps / Seconds;
    public double SamplesPerSecond => Steps * (double)BatchSize / Seconds;
}

/// <summary>
/// Times training steps of any registered model on its real data: a warm-up run first (allocator, kernels, lazy
/// init), then <c>steps</c> timed steps through the very Trainer path that `sdt train` uses.
/// </summary>
internal static class TrainBenchmark
{
    public static TrainBenchmarkResult Run(RunConfig config, string dataPath, long warmup, long steps)
    {
        ArgumentNullException.ThrowIfNull(config);
        var task = ModelRegistry.Get(config.Model);
        config = task.CompleteFromData(config, dataPath);
        object options = task.ResolveOptions(config.ModelOptions);
        var trainerOptions = config.Trainer with { MaxSteps = warmup + steps, LogEvery = (int)Math.Max(1, warmup + steps), Progress = false, EvalEvery = 0 };
        trainerOptions.Validate();
        Trainer.SeedEverything(trainerOptions.Seed);
        var model = task.Build(options);
        using var data = task.LoadData(dataPath, config with { Trainer = trainerOptions });
        using var trainer = new Trainer(model, trainerOptions, null, config.ResolveOptimizers(model.Optimizers), TextWriter.Null);
        if (warmup > 0) trainer.Fit(data.Train, stopAfter: warmup);
        var clock = Stopwatch.StartNew();
        trainer.Fit(data.Train);   // ends with the Trainer's own read of the stats, so queued device work is included
        clock.Stop();
        return new TrainBenchmarkResult(task.Name, trainer.Device.ToString(), trainerOptions.BatchSize, steps, clock.Elapsed.TotalSeconds);
    }
}
