namespace SpeechDisentangle.Models.Common.Layers;

/// <summary>How an adversary's weight lambda evolves over a run.</summary>
public enum LambdaSchedule
{
    /// <summary>The full weight throughout.</summary>
    Constant,

    /// <summary>Ganin et al.'s ramp from 0: lambda × (2 / (1 + exp(-10 p)) - 1) at progress p (<see cref="DannSchedule"/>).</summary>
    Dann,
}
