using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>
/// The training statistics of the steps since the last read, on the device, one row per step and one column per
/// (turn, statistic), so recording a turn costs two ops (one cat of its loss and stats, one copy into its columns)
/// however many statistics it reports, and no host sync. <see cref="Read"/> sums the rows in one op and reads them
/// in one go; it also finds the first step whose loss was NaN or infinite, so that check costs nothing per step.
/// </summary>
/// <remarks>
/// A full table (more than <see cref="MaxRows"/> steps between reads) is checked and folded into a running sum.
/// Averages are plain means over the steps that reported each statistic; a name reported by several turns is
/// averaged over all of them. Not thread-safe.
/// </remarks>
internal sealed class TrainStatsTable : IDisposable
{
    /// <summary>Rows kept before folding: bounds the memory of a run that reads rarely.</summary>
    public const int MaxRows = 1024;

    readonly Device _device;
    readonly int _rows;
    readonly List<string> _turns;
    readonly Dictionary<string, Block> _blocks = new(StringComparer.Ordinal);
    readonly List<Block> _blockList = [];
    readonly List<long> _counts = [];
    readonly Action<Tensor>? _reduce;
    Tensor? _table;   // [rows, columns] float64
    Tensor? _carry;   // [columns] float64: sums of folded rows
    long _firstStep = -1;
    long _lastStep = -1;

    /// <param name="turns">The objective's turns, in order (ties between turns at one step go to the earlier turn).</param>
    /// <param name="device">Where the losses live.</param>
    /// <param name="rows">Steps between reads (the trainer's log interval); capped at <see cref="MaxRows"/>.</param>
    /// <param name="reduce">Applied in place to the column sums before they are read (data-parallel: the mean over the ranks).</param>
    public TrainStatsTable(IEnumerable<string> turns, Device device, int rows, Action<Tensor>? reduce = null)
    {
        _reduce = reduce;
        _turns = [.. turns.Distinct()];
        _device = device;
        _rows = Math.Clamp(rows, 1, MaxRows);
    }

    /// <summary>One turn's columns: the loss first, then its statistics in the order it reported them.</summary>
    sealed record Block(string Turn, int Start, IReadOnlyList<string> Names, string LossKey);

    /// <summary>Records the loss and statistics one turn produced at <paramref name="step"/> (steps ascend).</summary>
    public void Add(long step, string turn, string lossKey, Tensor loss, IReadOnlyDictionary<string, Tensor> stats)
    {
        using var noGrad = no_grad();
        if (_firstStep < 0) _firstStep = step;
        if (step - _firstStep >= _rows) Fold(step);
        var block = BlockFor(turn, lossKey, stats);
        var values = new Tensor[block.Names.Count];
        values[0] = loss.detach().reshape(1);
        int i = 1;
        foreach (var value in stats.Values)
        {
            var v = value.detach();
            values[i++] = v.numel() == 1 ? v.reshape(1) : v.mean().reshape(1);
        }
        // cat promotes mixed dtypes; the copy into the float64 table converts.
        _table!.select(0, step - _firstStep).narrow(0, block.Start, values.Length).copy_(cat(values));
        for (int c = 0; c < values.Length; c++) _counts[block.Start + c]++;
        _lastStep = step;
    }

    /// <summary>
    /// Means of every statistic since the last reset, read to the host in one go; throws for the first non-finite
    /// loss among them. The loss of each turn is reported under its loss key unless the turn reports that key itself.
    /// </summary>
    /// <exception cref="NonFiniteLossException">Some turn's loss was NaN or infinite.</exception>
    public Dictionary<string, double> Read()
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (_table is null || _firstStep < 0) return result;
        double[] sums = Sums();
        ThrowIfNonFinite(sums);
        var total = new Dictionary<string, (double Sum, long Count)>(StringComparer.Ordinal);
        foreach (var block in _blockList)
        {
            for (int c = 0; c < block.Names.Count; c++)
            {
                if (c == 0 && block.Names.Skip(1).Contains(block.LossKey, StringComparer.Ordinal)) continue;
                int column = block.Start + c;
                if (_counts[column] == 0) continue;
                string name = c == 0 ? block.LossKey : block.Names[c];
                var (s, n) = total.TryGetValue(name, out var t) ? t : (0, 0);
                total[name] = (s + sums[column], n + _counts[column]);
            }
        }
        foreach (var (name, (sum, count)) in total) result[name] = sum / count;
        return result;
    }

    /// <summary>Throws for the first non-finite loss since the last reset; the statistics stay.</summary>
    /// <exception cref="NonFiniteLossException">Some turn's loss was NaN or infinite.</exception>
    public void Check()
    {
        if (_table is null || _firstStep < 0) return;
        ThrowIfNonFinite(Sums());
    }

    /// <summary>Forgets the recorded steps (after a read), keeping the columns.</summary>
    public void Reset()
    {
        _table?.zero_();
        _carry?.zero_();
        for (int c = 0; c < _counts.Count; c++) _counts[c] = 0;
        _firstStep = -1;
        _lastStep = -1;
    }

    public void Dispose()
    {
        _table?.Dispose();
        _carry?.Dispose();
        _table = null;
        _carry = null;
    }

    Block BlockFor(string turn, string lossKey, IReadOnlyDictionary<string, Tensor> stats)
    {
        string signature = turn + "\n" + lossKey + "\n" + string.Join("\n", stats.Keys);
        if (_blocks.TryGetValue(signature, out var block)) return block;
        block = new Block(turn, _counts.Count, ["(loss)", .. stats.Keys], lossKey);
        _blocks[signature] = block;
        _blockList.Add(block);
        for (int c = 0; c < block.Names.Count; c++) _counts.Add(0);
        Grow(_counts.Count);
        return block;
    }

    /// <summary>Widens the table to <paramref name="columns"/>, keeping what it holds (only when a new turn or stat appears).</summary>
    void Grow(int columns)
    {
        using var scope = NewDisposeScope();
        var table = zeros(_rows, columns, dtype: ScalarType.Float64, device: _device);
        var carry = zeros(columns, dtype: ScalarType.Float64, device: _device);
        if (_table is not null)
        {
            long old = _table.shape[1];
            table.narrow(1, 0, old).copy_(_table);
            carry.narrow(0, 0, old).copy_(_carry!);
            _table.Dispose();
            _carry!.Dispose();
        }
        _table = table.DetachFromDisposeScope();
        _carry = carry.DetachFromDisposeScope();
    }

    /// <summary>The table is full: check it, add its rows to the carry and start over at <paramref name="step"/>.</summary>
    void Fold(long step)
    {
        Check();
        using var scope = NewDisposeScope();
        _carry!.add_(_table!.sum(dim: 0L));
        _table.zero_();
        _firstStep = step;
    }

    double[] Sums()
    {
        using var scope = NewDisposeScope();
        var sums = _table!.sum(dim: 0L) + _carry!;
        _reduce?.Invoke(sums);
        return sums.cpu().data<double>().ToArray();
    }

    /// <summary>A sum over a NaN or infinite loss is itself non-finite; only then are the rows read to find the first.</summary>
    void ThrowIfNonFinite(double[] sums)
    {
        if (_blockList.All(b => double.IsFinite(sums[b.Start]))) return;
        using var scope = NewDisposeScope();
        long rows = _lastStep - _firstStep + 1;
        double[] table = rows > 0 ? _table!.narrow(0, 0, rows).cpu().data<double>().ToArray() : [];
        int columns = (int)_table!.shape[1];
        for (long r = 0; r < rows; r++)
        {
            foreach (string turn in _turns)
            {
                foreach (var block in _blockList.Where(b => b.Turn == turn))
                {
                    double loss = table[(r * columns) + block.Start];
                    if (!double.IsFinite(loss)) throw new NonFiniteLossException(_firstStep + r, turn, loss, lastGoodCheckpoint: null);
                }
            }
        }
        // The bad loss was folded away earlier (cannot happen: folding checks first); report what is known.
        var bad = _blockList.First(b => !double.IsFinite(sums[b.Start]));
        throw new NonFiniteLossException(_firstStep, bad.Turn, sums[bad.Start], lastGoodCheckpoint: null);
    }
}
