namespace SpeechDisentangle.Models.Core.Training;

/// <summary>One logged value: after <paramref name="Step"/> steps, in <paramref name="Stage"/>, statistic <paramref name="Name"/>.</summary>
public sealed record MetricRecord(long Step, Stage Stage, string Name, double Value);
