using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Training;

/// <summary>
/// Remembers, on the device, the first step at which each turn's loss was NaN or infinite (and that loss), so the
/// check costs no host sync per step; <see cref="ThrowIfBad"/> reads it at the trainer's sync points.
/// </summary>
internal sealed class NonFiniteTracker : IDisposable
{
    readonly List<string> _turns;
    readonly Dictionary<string, (Tensor Step, Tensor Loss)> _first = new(StringComparer.Ordinal);

    public NonFiniteTracker(IEnumerable<string> turns, Device device)
    {
        _turns = turns.Distinct().ToList();
        foreach (string turn in _turns)
        {
            var step = full(1, -1L, dtype: ScalarType.Int64, device: device);
            var loss = zeros(1, dtype: ScalarType.Float64, device: device);
            step.DetachFromDisposeScope();
            loss.DetachFromDisposeScope();
            _first[turn] = (step, loss);
        }
    }

    public void Observe(string turn, Tensor loss, long step)
    {
        using var _ = no_grad();
        var (firstStep, firstLoss) = _first[turn];
        var value = loss.detach().to(ScalarType.Float64).reshape(-1);
        var bad = value.isfinite().all().logical_not().reshape(1);
        var isNew = bad.logical_and(firstStep.lt(0));
        // A sum over any NaN/inf element is itself non-finite, so it reports the failure without a host read.
        var worst = value.sum();
        firstStep.copy_(where(isNew, full(1, step, dtype: ScalarType.Int64, device: firstStep.device), firstStep));
        firstLoss.copy_(where(isNew, worst.reshape(1), firstLoss));
    }

    /// <summary>Throws for the earliest non-finite loss seen, if any.</summary>
    public void ThrowIfBad(string? lastGoodCheckpoint)
    {
        long bestStep = long.MaxValue;
        string? badTurn = null;
        double badLoss = 0;
        foreach (string turn in _turns)
        {
            var (step, loss) = _first[turn];
            long s = step.cpu().item<long>();
            if (s >= 0 && s < bestStep)
            {
                bestStep = s;
                badTurn = turn;
                badLoss = loss.cpu().item<double>();
            }
        }
        if (badTurn is not null) throw new NonFiniteLossException(bestStep, badTurn, badLoss, lastGoodCheckpoint);
    }

    public void Dispose()
    {
        foreach (var (step, loss) in _first.Values)
        {
            step.Dispose();
            loss.Dispose();
        }
        _first.Clear();
    }
}
