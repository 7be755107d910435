using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.Common;

/// <summary>Runs the shared Trainer on synthetic voices, quietly, and reads its logged statistics back.</summary>
internal static class VcTraining
{
    public const int LogEvery = 10;

    /// <param name="objective">What to train.</param>
    /// <param name="steps">Training steps.</param>
    /// <param name="dataSeed">Seed of the synthetic voices.</param>
    /// <param name="trainerSeed">The trainer's seed.</param>
    /// <param name="everyOptimizer">Settings for every optimizer of the objective (as a run config's optimizers section); null keeps the model's.</param>
    public static TrainResult Fit(ITrainable objective, int steps, int dataSeed, long trainerSeed, OptimizerSettings? everyOptimizer = null)
    {
        TorchTestSetup.Init();
        var voices = new SyntheticVoices(dataSeed);
        using var train = voices.Source(examples: 256, batchSize: 16);
        using var valid = voices.Source(examples: 64, batchSize: 32, shuffle: false);
        var options = new TrainerOptions { MaxSteps = steps, LogEvery = LogEvery, Seed = trainerSeed, Progress = false };
        var optimizers = everyOptimizer is null ? null : objective.Optimizers.ToDictionary(o => o.Name, _ => everyOptimizer, StringComparer.Ordinal);
        using var trainer = new Trainer(objective, options, optimizerSettings: optimizers, log: TextWriter.Null);
        return trainer.Fit(train, valid);
    }

    /// <summary>The first and the last logged training value of a statistic (each averages LogEvery steps).</summary>
    public static (double First, double Last) FirstAndLast(TrainResult result, string stat)
    {
        var values = result.History.Where(r => r.Stage == Stage.Train && r.Name == stat).OrderBy(r => r.Step).ToList();
        values.Should().NotBeEmpty($"the trainer should log '{stat}'");
        return (values[0].Value, values[^1].Value);
    }
}
