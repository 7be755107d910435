using SpeechDisentangle.Models.Speech;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tasks.Speech;

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
    /// Two folds that each hold every class: rows of each label value (in row order) alternate between fold 0 and
    /// fold 1. Rows whose label is <see cref="SpeechBatchKeys.Ignore"/> are left out of both.
    /// </summary>
    public static (List<long> First, List<long> Second) TwoFolds(Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var values = labels.to(ScalarType.Int64).cpu().data<long>().ToArray();
        var seen = new Dictionary<long, int>();
        var first = new List<long>();
        var second = new List<long>();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] == SpeechBatchKeys.Ignore) continue;
            int n = seen.TryGetValue(values[i], out int k) ? k : 0;
            seen[values[i]] = n + 1;
            (n % 2 == 0 ? first : second).Add(i);
        }
        return (first, second);
    }
}
