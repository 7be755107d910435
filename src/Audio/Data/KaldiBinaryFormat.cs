using System.Runtime.InteropServices;
using System.Text;

namespace SpeechDisentangle.Audio.Data;

/// <summary>
/// Kaldi's binary object encoding: "\0B", a type token ("FM ", "FV ", "DM ", "DV "), each int32 preceded by its
/// size byte (4), then little-endian element data. Compressed matrices (CM, CM2, CM3) are rejected with the same
/// <see cref="InvalidDataException"/> as damaged data, so callers that collect bad entries collect them too.
/// </summary>
internal static class KaldiBinaryFormat
{
    public static void WriteObject(Stream stream, KaldiMatrix value)
    {
        EnsureLittleEndian();
        Span<byte> header = stackalloc byte[15];
        header[0] = 0;
        header[1] = (byte)'B';
        int n = 2;
        n += Encoding.ASCII.GetBytes(value.IsVector ? "FV " : "FM ", header[n..]);
        if (!value.IsVector) n += WriteInt(header[n..], value.Rows);
        n += WriteInt(header[n..], value.Cols);
        stream.Write(header[..n]);
        stream.Write(MemoryMarshal.AsBytes(value.Data.AsSpan()));
    }

    static int WriteInt(Span<byte> buffer, int v)
    {
        buffer[0] = 4;
        BitConverter.TryWriteBytes(buffer[1..], v);
        return 5;
    }

    /// <summary>Reads one binary object; the stream is positioned just after "\0B".</summary>
    public static KaldiMatrix ReadObject(Stream stream, string file)
    {
        EnsureLittleEndian();
        long tokenAt = stream.Position;
        string token = ReadToken(stream, file);
        switch (token)
        {
            case "FM":
            case "DM":
            {
                int rows = ReadInt(stream, file), cols = ReadInt(stream, file);
                return new KaldiMatrix(rows, cols, ReadData(stream, file, rows, cols, token[0] == 'D', tokenAt));
            }
            case "FV":
            case "DV":
            {
                int dim = ReadInt(stream, file);
                return new KaldiMatrix(1, dim, ReadData(stream, file, 1, dim, token[0] == 'D', tokenAt), isVector: true);
            }
            case "CM":
            case "CM2":
            case "CM3":
                throw new InvalidDataException($"{file}: offset {tokenAt}: compressed matrix ('{token}') is not supported; "
                    + "write uncompressed features (e.g. copy-feats --compress=false)");
            default:
                throw new InvalidDataException($"{file}: offset {tokenAt}: unknown Kaldi object type '{token}' "
                    + "(expected FM, FV, DM or DV)");
        }
    }

    /// <summary>
    /// Reads the shape of one binary object without its data (the stream is positioned just after "\0B") and checks
    /// that the data fits in the rest of the stream, so a truncated archive is found without reading it.
    /// </summary>
    public static (int Rows, int Cols, bool IsVector) ReadShape(Stream stream, string file)
    {
        long tokenAt = stream.Position;
        string token = ReadToken(stream, file);
        bool isVector = token is "FV" or "DV";
        if (!isVector && token is not ("FM" or "DM"))
            throw new InvalidDataException($"{file}: offset {tokenAt}: Kaldi object type '{token}' cannot be read (expected FM, FV, DM or DV; compressed matrices are not supported)");
        int rows = isVector ? 1 : ReadInt(stream, file), cols = ReadInt(stream, file);
        long bytes = (long)rows * cols * (token[0] == 'D' ? 8 : 4);
        if (stream.Position + bytes > stream.Length)
            throw new InvalidDataException($"{file}: offset {tokenAt}: a {rows}x{cols} object needs {bytes} bytes but only {stream.Length - stream.Position} remain (truncated archive?)");
        return (rows, cols, isVector);
    }

    /// <summary>
    /// Reads rows [<paramref name="firstRow"/>, firstRow + <paramref name="rowCount"/>) of one binary matrix (the
    /// stream is positioned just after "\0B"), seeking past the others.
    /// </summary>
    public static KaldiMatrix ReadRows(Stream stream, string file, int firstRow, int rowCount)
    {
        long objectAt = stream.Position;
        var (rows, cols, isVector) = ReadShape(stream, file);
        if (isVector || firstRow < 0 || rowCount < 0 || firstRow + rowCount > rows)
            throw new InvalidDataException($"{file}: offset {objectAt}: rows {firstRow}..{firstRow + rowCount} asked of a {rows}x{cols} {(isVector ? "vector" : "matrix")}");
        stream.Position = objectAt;
        bool isDouble = ReadToken(stream, file)[0] == 'D';
        stream.Position += 10; // the two sized int32 dimensions
        int size = isDouble ? 8 : 4;
        stream.Position += (long)firstRow * cols * size;
        return new KaldiMatrix(rowCount, cols, ReadData(stream, file, rowCount, cols, isDouble, objectAt));
    }

    static string ReadToken(Stream stream, string file)
    {
        var sb = new StringBuilder();
        long start = stream.Position;
        while (true)
        {
            int b = stream.ReadByte();
            if (b < 0) throw new InvalidDataException($"{file}: offset {start}: file ends inside a type token");
            if (b == ' ') return sb.ToString();
            if (sb.Length >= 8 || b < 0x21 || b > 0x7e)
                throw new InvalidDataException($"{file}: offset {start}: malformed type token");
            sb.Append((char)b);
        }
    }

    static int ReadInt(Stream stream, string file)
    {
        long at = stream.Position;
        Span<byte> buffer = stackalloc byte[5];
        if (stream.ReadAtLeast(buffer, 5, throwOnEndOfStream: false) < 5)
            throw new InvalidDataException($"{file}: offset {at}: file ends inside a dimension");
        if (buffer[0] != 4) throw new InvalidDataException($"{file}: offset {at}: expected int32 size byte 4, found {buffer[0]}");
        int v = BitConverter.ToInt32(buffer[1..]);
        if (v < 0) throw new InvalidDataException($"{file}: offset {at}: negative dimension {v}");
        return v;
    }

    static float[] ReadData(Stream stream, string file, int rows, int cols, bool isDouble, long objectAt)
    {
        long count = (long)rows * cols;
        long bytes = count * (isDouble ? 8 : 4);
        if (stream.CanSeek && stream.Position + bytes > stream.Length)
            throw new InvalidDataException($"{file}: offset {objectAt}: a {rows}x{cols} object needs {bytes} bytes "
                + $"but only {stream.Length - stream.Position} remain");
        if (count > Array.MaxLength) throw new InvalidDataException($"{file}: offset {objectAt}: object too large");
        var data = new float[count];
        if (!isDouble)
        {
            ReadExact(stream, MemoryMarshal.AsBytes(data.AsSpan()), file, objectAt);
            return data;
        }
        var doubles = new double[count];
        ReadExact(stream, MemoryMarshal.AsBytes(doubles.AsSpan()), file, objectAt);
        for (int i = 0; i < doubles.Length; i++) data[i] = (float)doubles[i];
        return data;
    }

    static void ReadExact(Stream stream, Span<byte> into, string file, long objectAt)
    {
        if (stream.ReadAtLeast(into, into.Length, throwOnEndOfStream: false) < into.Length)
            throw new InvalidDataException($"{file}: offset {objectAt}: file ends inside the object's data");
    }

    static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Kaldi binary I/O needs a little-endian CPU");
    }
}
