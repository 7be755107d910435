namespace SpeechDisentangle.Models.Core.Training;

/// <summary>The trainer's counters, saved in every checkpoint next to the model and optimizer states.</summary>
/// <param name="Step">Steps completed.</param>
/// <param name="BestValue">Best value of the best metric so far, or null before the first evaluation.</param>
/// <param name="BestStep">Step at which <paramref name="BestValue"/> was reached (-1 when none).</param>
/// <param name="Seed">The run's seed (a resumed run must use the same one).</param>
public sealed record TrainerState(long Step, double? BestValue, long BestStep, long Seed);
