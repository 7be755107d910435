using System.Text;

namespace SpeechDisentangle.Audio.Data;

public static partial class NpyFile
{
    /// <summary>
    /// The shape and dtype of a .npy file, read from its header only; checks that the file holds exactly the data the
    /// header promises, so a truncated file is found without reading it.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header is damaged or the data size disagrees with it.</exception>
    public static (int[] Shape, NpyDType DType, long DataOffset) ReadShape(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"'{path}' does not exist", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12);
        Span<byte> start = stackalloc byte[12];
        int got = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        if (got < 10 || !start[..6].SequenceEqual(Magic)) throw new InvalidDataException($"{path}: not a .npy file (missing \\x93NUMPY magic)");
        int lengthBytes = start[6] switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new InvalidDataException($"{path}: unsupported .npy format version {start[6]}.{start[7]}"),
        };
        if (got < 8 + lengthBytes) throw new InvalidDataException($"{path}: file ends inside the header length");
        long headerLength = lengthBytes == 2 ? BitConverter.ToUInt16(start[8..]) : BitConverter.ToUInt32(start[8..]);
        long dataStart = 8 + lengthBytes + headerLength;
        if (dataStart > stream.Length || headerLength > 1 << 20) throw new InvalidDataException($"{path}: header length {headerLength} exceeds the file");
        var header = new byte[headerLength];
        stream.Position = 8 + lengthBytes;
        stream.ReadExactly(header);
        string text = (start[6] == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(header);
        var (dtype, size) = ParseDType(Field(DescrPattern(), text, "descr", path), path);
        if (Field(FortranPattern(), text, "fortran_order", path) == "True")
            throw new InvalidDataException($"{path}: Fortran-order arrays cannot be streamed; save it in C order (numpy.ascontiguousarray)");
        int[] shape = ParseShape(Field(ShapePattern(), text, "shape", path), path);
        long expected = shape.Aggregate(1L, (a, d) => a * d) * size;
        if (stream.Length - dataStart != expected)
            throw new InvalidDataException($"{path}: shape ({string.Join(", ", shape)}) needs {expected} data bytes, file has {stream.Length - dataStart}");
        return (shape, dtype, dataStart);
    }
}
