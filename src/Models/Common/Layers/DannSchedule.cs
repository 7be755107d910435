namespace SpeechDisentangle.Models.Common.Layers;

/// <summary>DANN's schedules as functions of the training progress p in [0, 1] (Ganin &amp; Lempitsky 2015, sec. 5.2.2).</summary>
public static class DannSchedule
{
    /// <summary>lambda_p = 2 / (1 + exp(-gamma p)) - 1, gamma = 10: ramps the reversal from 0 towards 1 so early noisy domain gradients do little harm.</summary>
    public static double Lambda(double progress, double gamma = 10) => 2.0 / (1.0 + Math.Exp(-gamma * progress)) - 1.0;

    /// <summary>mu_p = mu_0 / (1 + alpha p)^beta, alpha = 10, beta = 0.75 (also the trainer's "dann" lr schedule).</summary>
    public static double LearningRate(double baseLearningRate, double progress, double alpha = 10, double beta = 0.75) =>
        baseLearningRate * Core.Training.LrSchedule.Dann(progress, alpha, beta);
}
