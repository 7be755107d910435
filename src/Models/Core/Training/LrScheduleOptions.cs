using SpeechDisentangle.Common;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>The shapes of <see cref="LrScheduleOptions"/>.</summary>
public enum LrScheduleKind { Constant, Step, Cosine, Linear, Dann }

/// <summary>
/// A learning-rate schedule: lr(step) = base_lr * warmup(step) * decay(step).
/// Kinds: constant, step (x gamma every step_size steps), cosine (to min_factor at the end), linear (to min_factor at
/// the end), dann (1 / (1 + alpha p)^beta with p = step / total, Ganin &amp; Lempitsky 2015).
/// </summary>
public sealed record LrScheduleOptions : IValidatable
{
    public LrScheduleKind Kind { get; init; } = LrScheduleKind.Constant;

    /// <summary>Linear warmup from base_lr / warmup_steps to base_lr over the first steps; 0 = none.</summary>
    public long WarmupSteps { get; init; }

    /// <summary>For "step": steps between decays.</summary>
    public long StepSize { get; init; } = 1000;

    /// <summary>For "step": the decay factor.</summary>
    public double Gamma { get; init; } = 0.1;

    /// <summary>For "cosine" and "linear": the factor reached at the last step.</summary>
    public double MinFactor { get; init; }

    /// <summary>For "dann": alpha in 1 / (1 + alpha p)^beta.</summary>
    public double DannAlpha { get; init; } = 10;

    /// <summary>For "dann": beta in 1 / (1 + alpha p)^beta.</summary>
    public double DannBeta { get; init; } = 0.75;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Kind)) errors.Add($"kind must be constant, step, cosine, linear or dann (got {(int)Kind})");
        if (WarmupSteps < 0) errors.Add($"warmup_steps must be >= 0 (got {WarmupSteps})");
        if (StepSize < 1) errors.Add($"step_size must be >= 1 (got {StepSize})");
        if (Gamma <= 0) errors.Add($"gamma must be > 0 (got {Gamma})");
        if (MinFactor is < 0 or > 1) errors.Add($"min_factor must be in [0, 1] (got {MinFactor})");
        if (DannAlpha < 0 || DannBeta < 0) errors.Add("dann_alpha and dann_beta must be >= 0");
        return errors;
    }
}
