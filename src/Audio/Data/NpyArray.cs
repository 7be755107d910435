namespace SpeechDisentangle.Audio.Data;

/// <summary>An array read from a .npy file: its shape, element type and values in C (row-major) order.</summary>
public sealed class NpyArray
{
    /// <summary>Dimensions; empty for a 0-d scalar.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Element type as stored in the file.</summary>
    public NpyDType DType { get; }

    /// <summary>The values as a typed 1-D array (float[], double[], sbyte[], byte[], short[], int[], long[] or bool[]).</summary>
    public Array Data { get; }

    /// <summary>Number of elements (product of <see cref="Shape"/>).</summary>
    public int Count => Data.Length;

    internal NpyArray(IReadOnlyList<int> shape, NpyDType dtype, Array data)
    {
        Shape = shape;
        DType = dtype;
        Data = data;
    }

    /// <summary>The values converted to float32 (doubles are narrowed; bools become 0/1).</summary>
    public float[] ToFloat32() => Data switch
    {
        float[] f => (float[])f.Clone(),
        double[] d => [.. d.Select(v => (float)v)],
        bool[] b => [.. b.Select(v => v ? 1f : 0f)],
        _ => [.. ToInt64().Select(v => (float)v)],
    };

    /// <summary>The values converted to float64.</summary>
    public double[] ToFloat64() => Data switch
    {
        float[] f => [.. f.Select(v => (double)v)],
        double[] d => (double[])d.Clone(),
        bool[] b => [.. b.Select(v => v ? 1d : 0d)],
        _ => [.. ToInt64().Select(v => (double)v)],
    };

    /// <summary>The values as int64; throws for floating-point arrays, where a silent cast would hide a mistake.</summary>
    public long[] ToInt64() => Data switch
    {
        sbyte[] a => [.. a.Select(v => (long)v)],
        byte[] a => [.. a.Select(v => (long)v)],
        short[] a => [.. a.Select(v => (long)v)],
        int[] a => [.. a.Select(v => (long)v)],
        long[] a => (long[])a.Clone(),
        bool[] a => [.. a.Select(v => v ? 1L : 0L)],
        _ => throw new InvalidOperationException($"the array holds {DType} values, not integers"),
    };

    /// <summary>A 2-D array as float32 [rows, cols]; throws when the array is not 2-D.</summary>
    public float[,] ToFloat32Matrix()
    {
        if (Shape.Count != 2) throw new InvalidOperationException($"the array is {Shape.Count}-d, not 2-d");
        var flat = ToFloat32();
        var m = new float[Shape[0], Shape[1]];
        Buffer.BlockCopy(flat, 0, m, 0, flat.Length * sizeof(float));
        return m;
    }
}
