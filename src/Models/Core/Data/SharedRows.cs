using System.Globalization;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Data;

/// <summary>The number of rows (first dimension) that the named tensors of a batch source all have.</summary>
public static class SharedRows
{
    /// <summary>
    /// The rows every tensor of <paramref name="tensors"/> has; throws <see cref="ArgumentException"/> (for
    /// <paramref name="paramName"/>) when there is no tensor, a tensor has no first dimension or another row count,
    /// or there are no rows.
    /// </summary>
    public static long Of(IReadOnlyDictionary<string, Tensor> tensors, string paramName)
    {
        ArgumentNullException.ThrowIfNull(tensors, paramName);
        if (tensors.Count == 0) throw new ArgumentException("a batch source needs at least one tensor", paramName);
        long rows = -1;
        foreach (var (name, t) in tensors)
        {
            if (t.dim() == 0) throw new ArgumentException($"tensor '{name}' is a scalar: it has no rows", paramName);
            if (rows < 0) rows = t.shape[0];
            else if (t.shape[0] != rows)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"tensor '{name}' has {t.shape[0]} rows, the others have {rows} rows"), paramName);
        }
        if (rows == 0) throw new ArgumentException("a batch source needs at least one row", paramName);
        return rows;
    }
}
