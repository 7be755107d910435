using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>Row selections of padded utterance sets (dictionaries of [N, ...] tensors), for probe folds.</summary>
public static class SpeechSetTensors
{
    /// <summary>The rows <paramref name="rows"/> of every tensor of <paramref name="set"/>.</summary>
    public static Dictionary<string, Tensor> Rows(IReadOnlyDictionary<string, Tensor> set, IReadOnlyList<long> rows)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(rows);
        using var index = tensor(rows.ToArray());
        return set.ToDictionary(kv => kv.Key, kv => kv.Value.index_select(0, index), StringComparer.Ordinal);
    }

    /// <summary>
    /// <paramref name="folds"/> folds that each hold every class with at least that many rows: the rows of each label
    /// value (in row order) are dealt to the folds in turn. Rows whose label is <see cref="SpeechBatchKeys.Ignore"/>
    /// are left out of every fold.
    /// </summary>
    public static List<List<long>> Folds(Tensor labels, int folds)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var values = labels.to(ScalarType.Int64).cpu().data<long>().ToArray();
        var seen = new Dictionary<long, int>();
        var result = Enumerable.Range(0, folds).Select(_ => new List<long>()).ToList();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] == SpeechBatchKeys.Ignore) continue;
            int n = seen.TryGetValue(values[i], out int k) ? k : 0;
            seen[values[i]] = n + 1;
            result[n % folds].Add(i);
        }
        return result;
    }
}
