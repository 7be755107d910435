namespace SpeechDisentangle.Models.Core.Config;

/// <summary>Collects option problems so a Validate() can report all of them at once.</summary>
internal sealed class OptionErrors(string owner)
{
    private readonly List<string> _errors = [];

    public void Require(bool ok, string message)
    {
        if (!ok) _errors.Add(message);
    }

    public void Positive(long value, string name) => Require(value > 0, $"{name} must be > 0 (got {value})");

    public void Positive(double value, string name) => Require(value > 0, $"{name} must be > 0 (got {value})");

    public void NonNegative(double value, string name) => Require(value >= 0, $"{name} must be >= 0 (got {value})");

    public void InRange(double value, double lo, double hi, string name) =>
        Require(value >= lo && value <= hi, $"{name} must be in [{lo}, {hi}] (got {value})");

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
            throw new ArgumentException($"invalid {owner}: {string.Join("; ", _errors)}");
    }
}
