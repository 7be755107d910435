using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// DANN training batches for any input: each batch is <see cref="SourcePerBatch"/> labelled source rows followed by
/// as many target rows. Every source tensor (e.g. "x", or "feats" + "lengths") is cut the same way, the label key
/// holds -100 on target rows (target labels are never shown) and <see cref="DomainKey"/> is 0 for source rows, 1 for
/// target rows. Both domains are reshuffled every epoch; an epoch ends when the smaller runs out. Without a target
/// set it yields the source rows alone, which is what a source-only baseline trains on, so both runs see the same
/// source examples per step. The source owns copies of its tensors: dispose it when done.
/// </summary>
public sealed class DomainBatchSource : IBatchSource, IDeviceResidentSource, IDisposable
{
    /// <summary>Batch key of the domain: 0 source, 1 target.</summary>
    public const string DomainKey = "domain";

    readonly Dictionary<string, Tensor> _source;
    readonly Dictionary<string, Tensor>? _target;
    readonly string _labelKey;
    readonly Func<Batch, Batch>? _finish;

    /// <summary>Images: "x" [N, ...] per domain and source labels under "label".</summary>
    /// <param name="sourceX">Source inputs [Ns, ...].</param>
    /// <param name="sourceLabels">Source labels [Ns] int64.</param>
    /// <param name="targetX">Target inputs [Nt, ...] with the source's per-example shape; null for source only.</param>
    /// <param name="sourcePerBatch">Source rows per batch (target rows: as many).</param>
    public DomainBatchSource(Tensor sourceX, Tensor sourceLabels, Tensor? targetX, int sourcePerBatch)
        : this(new Dictionary<string, Tensor> { ["x"] = sourceX, ["label"] = sourceLabels }, "label",
            targetX is null ? null : new Dictionary<string, Tensor> { ["x"] = targetX }, sourcePerBatch)
    {
    }

    /// <param name="source">Source tensors by batch key, all [Ns, ...], labels included.</param>
    /// <param name="labelKey">The key of the source labels [Ns] int64.</param>
    /// <param name="target">Target tensors by the same keys less the label, each with the source's per-example shape; null for source only.</param>
    /// <param name="sourcePerBatch">Source rows per batch (target rows: as many).</param>
    /// <param name="finish">Applied to every batch before it is handed out (e.g. trimming padding).</param>
    public DomainBatchSource(IReadOnlyDictionary<string, Tensor> source, string labelKey, IReadOnlyDictionary<string, Tensor>? target,
        int sourcePerBatch, Func<Batch, Batch>? finish = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourcePerBatch, 1);
        if (!source.TryGetValue(labelKey, out var labels))
            throw new ArgumentException($"the source has no labels under '{labelKey}' (has: {string.Join(", ", source.Keys)})", nameof(labelKey));
        long rows = labels.shape[0];
        if (labels.dim() != 1 || source.Values.Any(t => t.dim() == 0 || t.shape[0] != rows))
            throw new ArgumentException($"source labels must be [N] and every source tensor [N, ...] (got {Shapes(source)})", nameof(source));
        if (target is not null)
        {
            var inputs = source.Keys.Where(k => k != labelKey).Order(StringComparer.Ordinal);
            if (!inputs.SequenceEqual(target.Keys.Order(StringComparer.Ordinal), StringComparer.Ordinal))
                throw new ArgumentException($"the target must have the source's inputs ({string.Join(", ", inputs)}; got {string.Join(", ", target.Keys)})", nameof(target));
            long targetRows = target.Values.First().shape[0];
            foreach (var (key, t) in target)
            {
                if (t.shape[0] != targetRows || !t.shape.Skip(1).SequenceEqual(source[key].shape.Skip(1)))
                    throw new ArgumentException($"target examples differ in shape from source examples ({Shapes(target)} vs {Shapes(source)})", nameof(target));
            }
        }
        long smaller = Math.Min(rows, target?.Values.First().shape[0] ?? long.MaxValue);
        if (smaller < sourcePerBatch)
            throw new ArgumentException($"each domain needs at least {sourcePerBatch} examples for one batch (the {(smaller == rows ? "source" : "target")} domain has {smaller})", nameof(sourcePerBatch));
        _labelKey = labelKey;
        _source = source.ToDictionary(p => p.Key, p => Keep(p.Key == labelKey ? p.Value.to(ScalarType.Int64) : p.Value), StringComparer.Ordinal);
        _target = target?.ToDictionary(p => p.Key, p => Keep(p.Value), StringComparer.Ordinal);
        _finish = finish;
        SourcePerBatch = sourcePerBatch;
        Count = smaller / sourcePerBatch;
    }

    public int SourcePerBatch { get; }

    public long Count { get; }

    public IEnumerable<Batch> Batches(long epoch, Generator generator)
    {
        // The permutations outlive the caller's per-step dispose scopes, so they are detached and freed here.
        Tensor sourceOrder, targetOrder;
        using (var scope = NewDisposeScope())
        {
            sourceOrder = randperm(_source[_labelKey].shape[0], generator: generator).to(Device).DetachFromDisposeScope();
            targetOrder = randperm(_target?.Values.First().shape[0] ?? 1, generator: generator).to(Device).DetachFromDisposeScope();
        }
        try
        {
            for (long b = 0; b < Count; b++)
            {
                var s = sourceOrder.narrow(0, b * SourcePerBatch, SourcePerBatch);
                var t = _target is null ? null : targetOrder.narrow(0, b * SourcePerBatch, SourcePerBatch);
                var batch = new Batch();
                foreach (var (key, value) in _source)
                {
                    var rows = value.index_select(0, s);
                    if (t is not null)
                    {
                        rows = cat([rows, key == _labelKey
                            ? full(SourcePerBatch, SpeechBatchKeys.Ignore, dtype: ScalarType.Int64, device: Device)
                            : _target![key].index_select(0, t)]);
                    }
                    batch[key] = rows;
                }
                var domain = zeros(SourcePerBatch, dtype: ScalarType.Int64, device: Device);
                batch[DomainKey] = _target is null ? domain : cat([domain, ones(SourcePerBatch, dtype: ScalarType.Int64, device: Device)]);
                yield return _finish is null ? batch : _finish(batch);
            }
        }
        finally
        {
            sourceOrder.Dispose();
            targetOrder.Dispose();
        }
    }

    public long ByteSize => Tensors.Sum(t => t.numel() * t.ElementSize);

    public Device Device => _source[_labelKey].device;

    /// <summary>Moves both domains to <paramref name="device"/> so batches are cut there without host copies.</summary>
    public void MoveTo(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        foreach (var set in _target is null ? [_source] : new[] { _source, _target })
        {
            foreach (var key in set.Keys.ToList()) set[key] = Moved(set[key], device);
        }
    }

    IEnumerable<Tensor> Tensors => _target is null ? _source.Values : _source.Values.Concat(_target.Values);

    static string Shapes(IReadOnlyDictionary<string, Tensor> set) =>
        string.Join(", ", set.Select(p => $"{p.Key} [{string.Join(", ", p.Value.shape)}]"));

    static Tensor Moved(Tensor t, Device device)
    {
        using var scope = NewDisposeScope();
        var moved = t.to(device).DetachFromDisposeScope();
        if (!ReferenceEquals(moved, t)) t.Dispose();
        return moved;
    }

    static Tensor Keep(Tensor t)
    {
        var copy = t.detach().cpu().clone();
        copy.DetachFromDisposeScope();
        return copy;
    }

    public void Dispose()
    {
        foreach (var t in Tensors) t.Dispose();
    }
}
