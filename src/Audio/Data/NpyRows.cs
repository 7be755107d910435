namespace SpeechDisentangle.Audio.Data;

public static partial class NpyFile
{
    /// <summary>
    /// Rows [<paramref name="first"/>, first + <paramref name="count"/>) of a 2-d C-order .npy file: reads the header,
    /// seeks to those rows and reads them only.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header is damaged, the array is not 2-d, or the rows are not in it.</exception>
    public static NpyArray ReadRows(string path, int first, int count)
    {
        var (shape, dtype, dataOffset) = ReadShape(path);
        if (shape.Length != 2) throw new InvalidDataException($"{path}: is {shape.Length}-d, expected rows x columns");
        if (first < 0 || count < 0 || first + count > shape[0])
            throw new InvalidDataException($"{path}: rows {first}..{first + count} asked of a {shape[0]}x{shape[1]} array");
        int size = dtype switch
        {
            NpyDType.Float64 or NpyDType.Int64 => 8,
            NpyDType.Float32 or NpyDType.Int32 => 4,
            NpyDType.Int16 => 2,
            _ => 1,
        };
        var bytes = new byte[(long)count * shape[1] * size];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12);
        stream.Position = dataOffset + (long)first * shape[1] * size;
        stream.ReadExactly(bytes);
        return new NpyArray([count, shape[1]], dtype, ReadValues(dtype, bytes, count * shape[1]));
    }
}
