using SpeechDisentangle.Models.Data;
using SpeechDisentangle.Models.Speech;
using SpeechDisentangle.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tasks.Dann;

/// <summary>
/// DANN training batches: each batch is <see cref="SourcePerBatch"/> labelled source rows followed by as many
/// target rows (keys "x", "label" (-100 for target rows: target labels are never shown), "domain" (0 source,
/// 1 target)); both domains are reshuffled every epoch. Without a target set it yields the source rows alone,
/// which is what a source-only baseline trains on, so both runs see the same source examples per step.
/// An epoch ends when the smaller domain runs out. The source owns copies of its tensors: dispose it when done.
/// </summary>
public sealed class DomainBatchSource : IBatchSource, IDeviceResidentSource, IDisposable
{
    Tensor _sourceX;
    Tensor _sourceLabels;
    Tensor? _targetX;

    /// <param name="sourceX">Source inputs [Ns, ...].</param>
    /// <param name="sourceLabels">Source labels [Ns] int64.</param>
    /// <param name="targetX">Target inputs [Nt, ...] with the source's per-example shape; null for source only.</param>
    /// <param name="sourcePerBatch">Source rows per batch (target rows: as many).</param>
    public DomainBatchSource(Tensor sourceX, Tensor sourceLabels, Tensor? targetX, int sourcePerBatch)
    {
        ArgumentNullException.ThrowIfNull(sourceX);
        ArgumentNullException.ThrowIfNull(sourceLabels);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourcePerBatch, 1);
        if (sourceLabels.dim() != 1 || sourceLabels.shape[0] != sourceX.shape[0])
            throw new ArgumentException($"source labels must be [{sourceX.shape[0]}] (got [{string.Join(", ", sourceLabels.shape)}])", nameof(sourceLabels));
        if (targetX is not null && !targetX.shape.Skip(1).SequenceEqual(sourceX.shape.Skip(1)))
            throw new ArgumentException($"target examples [{string.Join(", ", targetX.shape.Skip(1))}] differ in shape from source examples [{string.Join(", ", sourceX.shape.Skip(1))}]", nameof(targetX));
        long smaller = Math.Min(sourceX.shape[0], targetX?.shape[0] ?? long.MaxValue);
        if (smaller < sourcePerBatch)
            throw new ArgumentException($"each domain needs at least {sourcePerBatch} examples for one batch (the smaller has {smaller})", nameof(sourcePerBatch));
        _sourceX = Keep(sourceX);
        _sourceLabels = Keep(sourceLabels.to(ScalarType.Int64));
        _targetX = targetX is null ? null : Keep(targetX);
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
            sourceOrder = randperm(_sourceX.shape[0], generator: generator).to(_sourceX.device);
            targetOrder = randperm(_targetX?.shape[0] ?? 1, generator: generator).to(_sourceX.device);
            sourceOrder.DetachFromDisposeScope();
            targetOrder.DetachFromDisposeScope();
        }
        try
        {
            for (long b = 0; b < Count; b++)
            {
                var s = sourceOrder.narrow(0, b * SourcePerBatch, SourcePerBatch);
                var x = _sourceX.index_select(0, s);
                var labels = _sourceLabels.index_select(0, s);
                var domain = zeros(SourcePerBatch, dtype: ScalarType.Int64, device: x.device);
                if (_targetX is not null)
                {
                    var t = targetOrder.narrow(0, b * SourcePerBatch, SourcePerBatch);
                    x = cat([x, _targetX.index_select(0, t)]);
                    labels = cat([labels, full(SourcePerBatch, SpeechBatchKeys.Ignore, dtype: ScalarType.Int64, device: x.device)]);
                    domain = cat([domain, ones(SourcePerBatch, dtype: ScalarType.Int64, device: x.device)]);
                }
                yield return new Batch { ["x"] = x, ["label"] = labels, ["domain"] = domain };
            }
        }
        finally
        {
            sourceOrder.Dispose();
            targetOrder.Dispose();
        }
    }

    public long ByteSize => Tensors.Sum(t => t.numel() * t.ElementSize);

    public Device Device => _sourceX.device;

    /// <summary>Moves both domains to <paramref name="device"/> so batches are cut there without host copies.</summary>
    public void MoveTo(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        _sourceX = Moved(_sourceX, device);
        _sourceLabels = Moved(_sourceLabels, device);
        if (_targetX is not null) _targetX = Moved(_targetX, device);
    }

    IEnumerable<Tensor> Tensors => _targetX is null ? [_sourceX, _sourceLabels] : [_sourceX, _sourceLabels, _targetX];

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
        _sourceX.Dispose();
        _sourceLabels.Dispose();
        _targetX?.Dispose();
    }
}
