namespace SpeechDisentangle.Audio.Data;

/// <summary>
/// A Kaldi matrix or vector held as row-major float32. Double-precision objects (DM/DV) read from an ark are
/// narrowed to float32. A vector is stored as one row with <see cref="IsVector"/> set, so it is written back as FV.
/// </summary>
public sealed class KaldiMatrix
{
    /// <summary>Number of rows (1 for a vector).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (the dimension, for a vector).</summary>
    public int Cols { get; }

    /// <summary>Row-major values, length Rows × Cols.</summary>
    public float[] Data { get; }

    /// <summary>True for a Kaldi vector (FV/DV, or a one-line text object).</summary>
    public bool IsVector { get; }

    /// <summary>Wraps row-major <paramref name="data"/> (not copied) as a Rows × Cols matrix.</summary>
    public KaldiMatrix(int rows, int cols, float[] data, bool isVector = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if ((long)rows * cols != data.Length)
            throw new ArgumentException($"data has {data.Length} values but the shape is {rows}x{cols}", nameof(data));
        if (isVector && rows != 1) throw new ArgumentException($"a vector has one row, not {rows}", nameof(rows));
        Rows = rows;
        Cols = cols;
        Data = data;
        IsVector = isVector;
    }

    /// <summary>The value at row <paramref name="row"/>, column <paramref name="col"/>.</summary>
    public float this[int row, int col] => Data[(row * Cols) + col];

    /// <summary>Copies a 2-D array (frames × dims) into a matrix.</summary>
    public static KaldiMatrix FromArray(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int rows = values.GetLength(0), cols = values.GetLength(1);
        var data = new float[rows * cols];
        Buffer.BlockCopy(values, 0, data, 0, data.Length * sizeof(float));
        return new KaldiMatrix(rows, cols, data);
    }

    /// <summary>Copies values into a vector.</summary>
    public static KaldiMatrix Vector(ReadOnlySpan<float> values) => new(1, values.Length, values.ToArray(), isVector: true);

    /// <summary>Copies the values into a new Rows × Cols array.</summary>
    public float[,] ToArray()
    {
        var result = new float[Rows, Cols];
        Buffer.BlockCopy(Data, 0, result, 0, Data.Length * sizeof(float));
        return result;
    }
}
