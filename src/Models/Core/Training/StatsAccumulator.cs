using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>
/// Weighted running sums of scalar statistics kept on the device, so adding a step's stats never syncs with the
/// host; <see cref="Averages"/> reads them all at once. The sums live outside every dispose scope.
/// </summary>
internal sealed class StatsAccumulator : IDisposable
{
    readonly Dictionary<string, Tensor> _sums = new(StringComparer.Ordinal);
    readonly Dictionary<string, double> _weights = new(StringComparer.Ordinal);

    public bool IsEmpty => _sums.Count == 0;

    /// <summary>Adds <paramref name="weight"/> × <paramref name="value"/> (a scalar tensor) to the sum for <paramref name="name"/>.</summary>
    public void Add(string name, Tensor value, double weight = 1)
    {
        using var _ = no_grad();
        var v = value.detach().to(float64).mean() * weight;
        if (_sums.TryGetValue(name, out var sum))
        {
            sum.add_(v);
            _weights[name] += weight;
        }
        else
        {
            var fresh = v.clone();
            fresh.DetachFromDisposeScope();
            _sums[name] = fresh;
            _weights[name] = weight;
        }
    }

    /// <summary>Weighted means, read to the host in one go.</summary>
    public Dictionary<string, double> Averages()
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (_sums.Count == 0) return result;
        var names = _sums.Keys.ToList();
        using var scope = NewDisposeScope();
        var all = stack(names.Select(n => _sums[n]).ToArray()).cpu();
        var values = all.data<double>().ToArray();
        for (int i = 0; i < names.Count; i++) result[names[i]] = values[i] / _weights[names[i]];
        return result;
    }

    public void Reset()
    {
        foreach (var t in _sums.Values) t.Dispose();
        _sums.Clear();
        _weights.Clear();
    }

    public void Dispose() => Reset();
}
