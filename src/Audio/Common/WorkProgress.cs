namespace SpeechDisentangle.Audio.Common;

/// <summary>
/// How far a long job has got, reported through <see cref="IProgress{T}"/>. Libraries only report it; the program
/// decides how to show it (sdt draws a bar on standard error).
/// </summary>
/// <param name="Task">What is running ("features", "train").</param>
/// <param name="Done">Units finished so far.</param>
/// <param name="Total">Units in all.</param>
/// <param name="Unit">What one unit is ("utt", "step").</param>
/// <param name="Note">A short status to show beside the count (e.g. "loss=0.31"), or null.</param>
public readonly record struct WorkProgress(string Task, long Done, long Total, string Unit, string? Note = null);
