using System.Buffers.Binary;
using System.IO.Compression;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Models.Common.Mnist;

/// <summary>
/// Reads and writes the IDX files MNIST ships in (train-images-idx3-ubyte, train-labels-idx1-ubyte, optionally
/// gzipped: a ".gz" name means gzip). Images: magic 2051, then count, rows, columns as big-endian int32, then bytes.
/// Labels: magic 2049, then count, then one byte per label.
/// </summary>
public static class MnistIdx
{
    public const int ImagesMagic = 2051;
    public const int LabelsMagic = 2049;

    /// <summary>Reads an IDX3 images file (gzipped when the name ends in ".gz").</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file (or its gzip stream) is damaged, truncated or has trailing bytes.</exception>
    public static IdxImages ReadImages(string path)
    {
        byte[] bytes = ReadAll(path);
        int magic = Int32At(bytes, 0, path, "magic number");
        if (magic != ImagesMagic) throw new InvalidDataException($"'{path}': magic number {magic} at byte 0, expected {ImagesMagic} (IDX3 images)");
        int count = Int32At(bytes, 4, path, "image count");
        int rows = Int32At(bytes, 8, path, "row count");
        int columns = Int32At(bytes, 12, path, "column count");
        if (count < 0 || rows <= 0 || columns <= 0)
            throw new InvalidDataException($"'{path}': bad dimensions {count} x {rows} x {columns} in the header");
        // Checked even for zero images: IdxImages.PixelsPerImage must not overflow.
        if ((long)rows * columns > Array.MaxLength)
            throw new InvalidDataException($"'{path}': images of {rows} x {columns} pixels in the header are too large");
        long expected = 16 + (long)count * rows * columns;
        if (bytes.Length != expected)
            throw new InvalidDataException(bytes.Length < expected
                ? $"'{path}' is truncated: header says {count} images of {rows}x{columns} ({expected} bytes), file has {bytes.Length} bytes"
                : $"'{path}' has {bytes.Length - expected} trailing bytes after {count} images of {rows}x{columns}");
        return new IdxImages(count, rows, columns, bytes[16..]);
    }

    /// <summary>Reads an IDX1 labels file (gzipped when the name ends in ".gz").</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file (or its gzip stream) is damaged, truncated or has trailing bytes.</exception>
    public static byte[] ReadLabels(string path)
    {
        byte[] bytes = ReadAll(path);
        int magic = Int32At(bytes, 0, path, "magic number");
        if (magic != LabelsMagic) throw new InvalidDataException($"'{path}': magic number {magic} at byte 0, expected {LabelsMagic} (IDX1 labels)");
        int count = Int32At(bytes, 4, path, "label count");
        if (count < 0) throw new InvalidDataException($"'{path}': negative label count {count} in the header");
        long expected = 8 + (long)count;
        if (bytes.Length != expected)
            throw new InvalidDataException(bytes.Length < expected
                ? $"'{path}' is truncated: header says {count} labels, file has {bytes.Length - 8} label bytes"
                : $"'{path}' has {bytes.Length - expected} trailing bytes after {count} labels");
        return bytes[8..];
    }

    /// <summary>Reads an images file and its labels file and checks they hold the same number of examples.</summary>
    public static (IdxImages Images, byte[] Labels) ReadPair(string imagesPath, string labelsPath)
    {
        var images = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (images.Count != labels.Length)
            throw new InvalidDataException($"count mismatch: '{imagesPath}' has {images.Count} images but '{labelsPath}' has {labels.Length} labels");
        return (images, labels);
    }

    public static void WriteImages(string path, IdxImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Pixels.Length != (long)images.Count * images.Rows * images.Columns)
            throw new ArgumentException($"{images.Count} images of {images.Rows}x{images.Columns} need {images.Count * images.PixelsPerImage} pixels, got {images.Pixels.Length}", nameof(images));
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), images.Count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), images.Rows);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), images.Columns);
        Write(path, header, images.Pixels);
    }

    public static void WriteLabels(string path, ReadOnlySpan<byte> labels)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), labels.Length);
        Write(path, header, labels.ToArray());
    }

    static void Write(string path, byte[] header, byte[] body) =>
        AtomicFile.Write(path, stream =>
        {
            if (IsGzip(path))
            {
                using var gz = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
                gz.Write(header);
                gz.Write(body);
            }
            else
            {
                stream.Write(header);
                stream.Write(body);
            }
        });

    static bool IsGzip(string path) => path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    static byte[] ReadAll(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file '{path}' does not exist", path);
        if (!IsGzip(path)) return File.ReadAllBytes(path);
        try
        {
            using var file = File.OpenRead(path);
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            using var memory = new MemoryStream();
            gz.CopyTo(memory);
            return memory.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not valid gzip: {e.Message}", e);
        }
    }

    static int Int32At(byte[] bytes, int offset, string path, string what) =>
        bytes.Length >= offset + 4
            ? BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset))
            : throw new InvalidDataException($"'{path}' is truncated: {bytes.Length} bytes, the {what} at byte {offset} needs {offset + 4}");
}
