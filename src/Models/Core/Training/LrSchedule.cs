namespace SpeechDisentangle.Models.Core.Training;

/// <summary>Learning-rate factors as pure functions of the step: the schedule's whole state is the step counter.</summary>
public static class LrSchedule
{
    /// <summary>The factor that multiplies the base learning rate at 0-based <paramref name="step"/> of <paramref name="totalSteps"/>.</summary>
    public static double Factor(LrScheduleOptions options, long step, long totalSteps)
    {
        ArgumentNullException.ThrowIfNull(options);
        double p = totalSteps <= 1 ? 0 : Math.Clamp((double)step / (totalSteps - 1), 0, 1);
        double decay = options.Kind switch
        {
            LrScheduleKind.Constant => 1,
            LrScheduleKind.Step => Math.Pow(options.Gamma, step / options.StepSize),
            LrScheduleKind.Cosine => options.MinFactor + (1 - options.MinFactor) * 0.5 * (1 + Math.Cos(Math.PI * p)),
            LrScheduleKind.Linear => 1 - (1 - options.MinFactor) * p,
            LrScheduleKind.Dann => Dann(p, options.DannAlpha, options.DannBeta),
            _ => throw new ArgumentException($"unknown lr schedule kind {options.Kind}", nameof(options)),
        };
        double warmup = options.WarmupSteps > 0 ? Math.Min(1.0, (step + 1.0) / options.WarmupSteps) : 1;
        return decay * warmup;
    }

    /// <summary>DANN's annealing mu_p = mu_0 / (1 + alpha p)^beta, as a factor of mu_0 (alpha = 10, beta = 0.75 in the paper).</summary>
    public static double Dann(double progress, double alpha = 10, double beta = 0.75) =>
        1.0 / Math.Pow(1 + alpha * progress, beta);
}
