using SpeechDisentangle.Common;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>Whether a smaller or a larger <see cref="TrainerOptions.BestMetric"/> is better.</summary>
public enum BestMode { Min, Max }

/// <summary>
/// How the shared <see cref="Trainer"/> runs: step budget, intervals, seed, device and lr schedules. The device is
/// set here only (<c>trainer.device</c>; `sdt train --device` writes this key).
/// </summary>
public sealed record TrainerOptions : IValidatable
{
    /// <summary>Optimizer steps to run in total (a step runs every turn once).</summary>
    public long MaxSteps { get; init; } = 1000;

    /// <summary>Examples per batch; read by whoever builds the batch sources (the trainer itself does not batch).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Read the training statistics to the host (and check the loss is finite) every this many steps.</summary>
    public int LogEvery { get; init; } = 50;

    /// <summary>Run the validation pass every this many steps; 0 = only once, at the end.</summary>
    public int EvalEvery { get; init; }

    /// <summary>Write the <c>last</c> checkpoint every this many steps; 0 = only at the end. Needs an experiment folder.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>
    /// The statistic that picks the <c>best</c> checkpoint (a valid stat, or a train stat when there is no valid set).
    /// Null: "loss" when the objective reports one (one-turn objectives), otherwise no best checkpoint. A name given
    /// here must be among the stats, or the run stops with an error listing them.
    /// </summary>
    public string? BestMetric { get; init; }

    /// <summary>min or max: whether a smaller or a larger <see cref="BestMetric"/> is better.</summary>
    public BestMode BestMode { get; init; } = BestMode.Min;

    /// <summary>Seeds the run's generator, the data order and torch's global generator.</summary>
    public long Seed { get; init; }

    /// <summary>"cpu", "cuda", "cuda:N" or "auto" (cuda when available).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Learning-rate schedule per optimizer name; an optimizer without an entry keeps a constant lr.</summary>
    public IReadOnlyDictionary<string, LrScheduleOptions> Schedules { get; init; } = new Dictionary<string, LrScheduleOptions>();

    /// <summary>
    /// Run every adam/adamw optimizer of the model as a <see cref="Training.FlatAdam"/>: one flat buffer per
    /// optimizer, a few whole-buffer ops per step, the same arithmetic. The one flat-Adam switch.
    /// </summary>
    public bool FlatAdam { get; init; }

    /// <summary>
    /// Move a training source that can live on the device (<see cref="IDeviceResidentSource"/>) there once, before the
    /// first step, when it takes at most this many MiB; 0 = never. Saves a host-to-device copy every step.
    /// </summary>
    public int DataOnDeviceMaxMb { get; init; } = 2048;

    /// <summary>
    /// A checkpoint of another run to start from (e.g. stage one of a two-stage model): the weights whose names this
    /// model shares are copied before training; optimizers and counters start fresh. Null = random initialisation.
    /// A resumed run restores its own last checkpoint over it.
    /// </summary>
    public string? InitFrom { get; init; }

    /// <summary>Report the steps done and the latest loss to the caller's progress sink (sdt draws a bar: rate, ETA, loss).</summary>
    public bool Progress { get; init; } = true;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (MaxSteps < 1) errors.Add($"max_steps must be >= 1 (got {MaxSteps})");
        if (BatchSize < 1) errors.Add($"batch_size must be >= 1 (got {BatchSize})");
        if (LogEvery < 1) errors.Add($"log_every must be >= 1 (got {LogEvery})");
        if (EvalEvery < 0) errors.Add($"eval_every must be >= 0 (got {EvalEvery})");
        if (DataOnDeviceMaxMb < 0) errors.Add($"data_on_device_max_mb must be >= 0 (got {DataOnDeviceMaxMb})");
        if (CheckpointEvery < 0) errors.Add($"checkpoint_every must be >= 0 (got {CheckpointEvery})");
        if (InitFrom is not null && string.IsNullOrWhiteSpace(InitFrom)) errors.Add("init_from must name a checkpoint (or be left out)");
        if (BestMetric is not null && string.IsNullOrWhiteSpace(BestMetric)) errors.Add("best_metric must name a statistic (or be left out)");
        if (!Enum.IsDefined(BestMode)) errors.Add($"best_mode must be min or max (got {(int)BestMode})");
        if (!DeviceSelector.IsValidName(Device)) errors.Add($"device must be cpu, cuda, cuda:N or auto (got '{Device}')");
        foreach (var (name, schedule) in Schedules)
            errors.AddRange(schedule.Errors().Select(e => $"schedules.{name}: {e}"));
        return errors;
    }
}
