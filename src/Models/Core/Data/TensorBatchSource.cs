using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Data;

/// <summary>
/// In-memory dataset of named tensors that share their first dimension (like PyTorch's TensorDataset), kept on one
/// device and cut into batches; optionally reshuffled every epoch with the generator the trainer passes.
/// The source owns its tensors: dispose it when done. The trainer may move it to the training device once
/// (<see cref="MoveTo"/>), after which batches are cut there without a copy per step.
/// </summary>
public sealed class TensorBatchSource : IBatchSource, IDeviceResidentSource, IDisposable
{
    readonly Dictionary<string, Tensor> _data = new(StringComparer.Ordinal);

    /// <param name="tensors">Named tensors, all with the same length along dim 0; copied to <paramref name="device"/>.</param>
    /// <param name="batchSize">Examples per batch.</param>
    /// <param name="shuffle">Reshuffle every epoch.</param>
    /// <param name="dropLast">Drop the last batch when it is smaller than <paramref name="batchSize"/>.</param>
    /// <param name="device">Where the data lives (default CPU).</param>
    public TensorBatchSource(IReadOnlyDictionary<string, Tensor> tensors, int batchSize, bool shuffle = true, bool dropLast = false, Device? device = null)
    {
        long length = SharedRows.Of(tensors, nameof(tensors));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var target = device ?? CPU;
        foreach (var (name, t) in tensors)
        {
            var copy = t.detach().to(target).clone();
            copy.DetachFromDisposeScope();
            _data[name] = copy;
        }
        Length = length;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
    }

    public long Length { get; }
    public int BatchSize { get; }
    public bool Shuffle { get; }
    public bool DropLast { get; }

    public long ByteSize => _data.Values.Sum(t => t.numel() * t.ElementSize);

    public Device Device => _data.Values.First().device;

    public void MoveTo(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        foreach (var name in _data.Keys.ToList())
        {
            var t = _data[name];
            if (SameDevice(t, device)) continue;
            using var scope = NewDisposeScope();
            _data[name] = t.to(device).DetachFromDisposeScope();
            t.Dispose();
        }
    }

    static bool SameDevice(Tensor t, Device device) =>
        t.device_type == device.type && (device.type == DeviceType.CPU || device.index < 0 || t.device_index == device.index);

    public long Count => DropLast ? Math.Max(1, Length / BatchSize) : (Length + BatchSize - 1) / BatchSize;

    public IEnumerable<Batch> Batches(long epoch, Generator generator)
    {
        // The permutation outlives the caller's per-step dispose scopes, so it is detached and freed here.
        Tensor? order = null;
        if (Shuffle)
        {
            using var scope = NewDisposeScope();
            order = randperm(Length, generator: generator).to(_data.Values.First().device);
            order.DetachFromDisposeScope();
        }
        try
        {
            for (long b = 0; b < Count; b++)
            {
                long start = b * BatchSize;
                long end = Math.Min(Length, start + BatchSize);
                var batch = new Batch();
                foreach (var (name, t) in _data)
                {
                    batch[name] = order is null
                        ? t.narrow(0, start, end - start)
                        : t.index_select(0, order.narrow(0, start, end - start));
                }
                yield return batch;
            }
        }
        finally
        {
            order?.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var t in _data.Values) t.Dispose();
        _data.Clear();
    }
}
