using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Audio.Data;

/// <summary>
/// NumPy .npy files. Writes format 1.0 exactly as numpy.save does (header padded with spaces to a multiple of 64
/// bytes, then '\n'), so the bytes match; reads formats 1.0–3.0 with little-endian numeric dtypes, C or Fortran order.
/// </summary>
public static partial class NpyFile
{
    static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    const int Align = 64;

    /// <summary>Writes float32 values with the given shape (e.g. [frames, dims], or [n] for a vector), atomically.</summary>
    public static void Write(string path, ReadOnlySpan<float> values, params int[] shape) =>
        AtomicFile.WriteAllBytes(path, Encode(values, shape));

    /// <summary>Writes a 2-D float32 array, atomically.</summary>
    public static void Write(string path, float[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var flat = new float[matrix.Length];
        Buffer.BlockCopy(matrix, 0, flat, 0, flat.Length * sizeof(float));
        Write(path, flat, matrix.GetLength(0), matrix.GetLength(1));
    }

    /// <summary>Writes int64 values (e.g. labels) with the given shape, atomically.</summary>
    public static void Write(string path, ReadOnlySpan<long> values, params int[] shape) =>
        AtomicFile.WriteAllBytes(path, Encode(values, shape));

    /// <summary>The bytes numpy.save would write for this float32 array.</summary>
    public static byte[] Encode(ReadOnlySpan<float> values, params int[] shape) =>
        Encode("<f4", MemoryMarshal.AsBytes(values), values.Length, shape);

    /// <summary>The bytes numpy.save would write for this int64 array.</summary>
    public static byte[] Encode(ReadOnlySpan<long> values, params int[] shape) =>
        Encode("<i8", MemoryMarshal.AsBytes(values), values.Length, shape);

    static byte[] Encode(string descr, ReadOnlySpan<byte> payload, int count, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long product = shape.Aggregate(1L, (a, d) => a * d);
        if (product != count)
            throw new ArgumentException($"shape ({string.Join(", ", shape)}) holds {product} values but {count} were given");
        byte[] header = EncodeHeader(descr, shape);
        var bytes = new byte[header.Length + payload.Length];
        header.CopyTo(bytes, 0);
        payload.CopyTo(bytes.AsSpan(header.Length));
        return bytes;
    }

    /// <summary>
    /// The .npy header (magic, version 1.0, dict, padding) for a C-order array. numpy pads so the header ends on a
    /// multiple of 64 bytes; <paramref name="totalLength"/> (a multiple of 64) pads further, so a streaming writer can
    /// reserve room and rewrite the header once the final shape is known.
    /// </summary>
    public static byte[] EncodeHeader(string descr, int[] shape, int totalLength = 0)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException(".npy writing needs a little-endian CPU");
        if (shape.Any(d => d < 0)) throw new ArgumentException($"negative dimension in shape ({string.Join(", ", shape)})");
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
        // numpy pads so magic(6) + version(2) + length(2) + header + '\n' is a multiple of 64, always adding >= 1 space.
        int unpadded = Magic.Length + 4 + dict.Length + 1;
        int pad = Align - (unpadded % Align);
        if (totalLength > 0)
        {
            if (totalLength % Align != 0 || totalLength < unpadded + 1)
                throw new ArgumentException($"header length {totalLength} is not a multiple of {Align} or is too short for shape {shapeText}");
            pad = totalLength - unpadded;
        }
        string header = dict + new string(' ', pad) + "\n";
        var bytes = new byte[Magic.Length + 4 + header.Length];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1;
        bytes[7] = 0;
        BitConverter.TryWriteBytes(bytes.AsSpan(8), checked((ushort)header.Length));
        Encoding.ASCII.GetBytes(header, bytes.AsSpan(10));
        return bytes;
    }

    /// <summary>Reads a .npy file; errors name the file and the problem.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is damaged, truncated or of an unsupported dtype or version.</exception>
    public static NpyArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"'{path}' does not exist", path);
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses .npy bytes; <paramref name="name"/> is used in error messages.</summary>
    /// <exception cref="InvalidDataException">The bytes are damaged, truncated or of an unsupported dtype or version.</exception>
    public static NpyArray Decode(ReadOnlySpan<byte> bytes, string name = "<bytes>")
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
            throw new InvalidDataException($"{name}: not a .npy file (missing \\x93NUMPY magic)");
        byte major = bytes[6];
        int lengthBytes = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new InvalidDataException($"{name}: unsupported .npy format version {major}.{bytes[7]}"),
        };
        if (bytes.Length < 8 + lengthBytes) throw new InvalidDataException($"{name}: file ends inside the header length");
        long headerLength = lengthBytes == 2 ? BitConverter.ToUInt16(bytes[8..]) : BitConverter.ToUInt32(bytes[8..]);
        long dataStart = 8 + lengthBytes + headerLength;
        if (dataStart > bytes.Length) throw new InvalidDataException($"{name}: header length {headerLength} exceeds the file");
        var encoding = major == 3 ? Encoding.UTF8 : Encoding.Latin1;
        string header = encoding.GetString(bytes[(8 + lengthBytes)..(int)dataStart]);

        string descr = Field(DescrPattern(), header, "descr", name);
        string fortran = Field(FortranPattern(), header, "fortran_order", name);
        string shapeText = Field(ShapePattern(), header, "shape", name);
        var (dtype, size) = ParseDType(descr, name);
        int[] shape = ParseShape(shapeText, name);
        long count = shape.Aggregate(1L, (a, d) => a * d);
        long expected = count * size;
        long available = bytes.Length - dataStart;
        if (available != expected)
            throw new InvalidDataException($"{name}: shape ({string.Join(", ", shape)}) of {descr} needs {expected} data bytes, "
                + $"file has {available}");
        Array data = ReadValues(dtype, bytes[(int)dataStart..], (int)count);
        if (fortran == "True" && shape.Length > 1) data = FortranToC(data, shape);
        return new NpyArray(shape, dtype, data);
    }

    static string Field(Regex pattern, string header, string key, string name)
    {
        var m = pattern.Match(header);
        if (!m.Success) throw new InvalidDataException($"{name}: header has no valid '{key}' entry: {header.Trim()}");
        return m.Groups[1].Value;
    }

    static (NpyDType, int) ParseDType(string descr, string name) => descr switch
    {
        "<f4" => (NpyDType.Float32, 4),
        "<f8" => (NpyDType.Float64, 8),
        "|i1" => (NpyDType.Int8, 1),
        "|u1" => (NpyDType.UInt8, 1),
        "<i2" => (NpyDType.Int16, 2),
        "<i4" => (NpyDType.Int32, 4),
        "<i8" => (NpyDType.Int64, 8),
        "|b1" => (NpyDType.Bool, 1),
        _ => throw new InvalidDataException($"{name}: unsupported dtype '{descr}' "
            + "(supported: <f4 <f8 |i1 |u1 <i2 <i4 <i8 |b1; big-endian and structured dtypes are not)"),
    };

    static int[] ParseShape(string text, string name)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i].TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw new InvalidDataException($"{name}: bad shape '({text})'");
        // Stop as soon as the product passes the limit: multiplying on would overflow and wrap around to a small count.
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
            if (count > Array.MaxLength)
                throw new InvalidDataException($"{name}: shape '({text})' is too large (more than {Array.MaxLength} elements)");
        }
        return shape;
    }

    static Array ReadValues(NpyDType dtype, ReadOnlySpan<byte> raw, int count)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException(".npy reading needs a little-endian CPU");
        return dtype switch
        {
            NpyDType.Float32 => MemoryMarshal.Cast<byte, float>(raw).ToArray(),
            NpyDType.Float64 => MemoryMarshal.Cast<byte, double>(raw).ToArray(),
            NpyDType.Int8 => MemoryMarshal.Cast<byte, sbyte>(raw).ToArray(),
            NpyDType.UInt8 => raw.ToArray(),
            NpyDType.Int16 => MemoryMarshal.Cast<byte, short>(raw).ToArray(),
            NpyDType.Int32 => MemoryMarshal.Cast<byte, int>(raw).ToArray(),
            NpyDType.Int64 => MemoryMarshal.Cast<byte, long>(raw).ToArray(),
            NpyDType.Bool => raw[..count].ToArray().Select(b => b != 0).ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
        };
    }

    // Fortran order stores the first index fastest; re-index into C order (last index fastest).
    static Array FortranToC(Array source, int[] shape)
    {
        Array result = Array.CreateInstance(source.GetType().GetElementType()!, source.Length);
        var index = new int[shape.Length];
        for (int c = 0; c < source.Length; c++)
        {
            int f = 0, stride = 1;
            for (int d = 0; d < shape.Length; d++)
            {
                f += index[d] * stride;
                stride *= shape[d];
            }
            result.SetValue(source.GetValue(f), c);
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d]) break;
                index[d] = 0;
            }
        }
        return result;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
