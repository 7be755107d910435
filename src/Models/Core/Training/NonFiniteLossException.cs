namespace SpeechDisentangle.Models.Core.Training;

/// <summary>Thrown when a turn's loss became NaN or infinite; the run stops and the last good checkpoint is kept.</summary>
public sealed class NonFiniteLossException : InvalidOperationException
{
    public NonFiniteLossException(long step, string turn, double loss, string? lastGoodCheckpoint)
        : base($"non-finite loss {loss.ToString(System.Globalization.CultureInfo.InvariantCulture)} at step {step}, turn '{turn}'; training stopped. " +
               (lastGoodCheckpoint is null ? "No checkpoint that verifies was written before it." : $"Last good checkpoint (verified): {lastGoodCheckpoint}"))
    {
        Step = step;
        Turn = turn;
        Loss = loss;
        LastGoodCheckpoint = lastGoodCheckpoint;
    }

    public NonFiniteLossException() : base("non-finite loss") { Turn = ""; }

    public NonFiniteLossException(string message) : base(message) { Turn = ""; }

    public NonFiniteLossException(string message, Exception inner) : base(message, inner) { Turn = ""; }

    /// <summary>The 0-based step whose loss was first non-finite.</summary>
    public long Step { get; }
    public string Turn { get; }
    public double Loss { get; }
    public string? LastGoodCheckpoint { get; }
}
