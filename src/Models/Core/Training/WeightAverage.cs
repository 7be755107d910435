using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>
/// Exponential moving average of a module's weights (Polyak averaging; the "mean teacher" of Tarvainen and Valpola
/// 2017) kept in a second module of the same architecture. Batch-norm statistics and other buffers are copied, not
/// averaged: they are already running averages.
/// </summary>
public static class WeightAverage
{
    /// <summary>
    /// The decay used at <paramref name="step"/>: min(decay, (1 + step) / (10 + step)), so the average follows the
    /// fast early weights instead of remembering its random start for thousands of steps.
    /// </summary>
    public static double DecayAt(double decay, long step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(decay, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(decay, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return Math.Min(decay, (1.0 + step) / (10.0 + step));
    }

    /// <summary>average = decay * average + (1 - decay) * source for every parameter; buffers copied.</summary>
    public static void Update(nn.Module average, nn.Module source, double decay)
    {
        ArgumentNullException.ThrowIfNull(average);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(decay, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(decay, 1.0);
        using var noGrad = no_grad();
        foreach (var (target, value) in Pairs(average.named_parameters(), source.named_parameters()))
            target.mul_(decay).add_(value, alpha: 1 - decay);
        foreach (var (target, value) in Pairs(average.named_buffers(), source.named_buffers()))
            target.copy_(value);
    }

    /// <summary>Makes <paramref name="average"/> an exact copy of <paramref name="source"/>'s weights and buffers.</summary>
    public static void CopyFrom(nn.Module average, nn.Module source) => Update(average, source, 0.0);

    private static IEnumerable<(Tensor Target, Tensor Value)> Pairs(
        IEnumerable<(string Name, TorchSharp.Modules.Parameter Value)> targets, IEnumerable<(string Name, TorchSharp.Modules.Parameter Value)> values) =>
        Pairs(targets.Select(p => (p.Name, (Tensor)p.Value)), values.Select(p => (p.Name, (Tensor)p.Value)));

    private static IEnumerable<(Tensor Target, Tensor Value)> Pairs(
        IEnumerable<(string Name, Tensor Value)> targets, IEnumerable<(string Name, Tensor Value)> values)
    {
        var byName = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        foreach (var (name, target) in targets)
        {
            if (!byName.TryGetValue(name, out var value))
                throw new ArgumentException($"the averaged module has '{name}', the source module does not");
            if (!target.shape.SequenceEqual(value.shape))
                throw new ArgumentException($"'{name}' is [{string.Join(", ", target.shape)}] in the average, [{string.Join(", ", value.shape)}] in the source");
            yield return (target, value);
        }
    }
}
