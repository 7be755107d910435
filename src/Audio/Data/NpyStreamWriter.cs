using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Audio.Data;

/// <summary>
/// Writes a float32 (rows x cols) .npy file row block by row block, for outputs too large to hold in memory.
/// Writes to a temp name with a reserved header; <see cref="Complete"/> writes the real shape and renames the file
/// into place. Disposing without completing deletes the temp file, so no half file is ever left behind.
/// </summary>
public sealed class NpyStreamWriter : IDisposable
{
    const int HeaderLength = 128;
    readonly string _path;
    readonly string _tmp;
    readonly int _cols;
    FileStream? _stream;
    long _rows;

    public NpyStreamWriter(string path, int cols)
    {
        if (cols <= 0) throw new ArgumentOutOfRangeException(nameof(cols), cols, "columns must be > 0");
        _path = Path.GetFullPath(path);
        _cols = cols;
        _stream = TempFiles.Create(_path, out _tmp);
        _stream.Write(new byte[HeaderLength]);
    }

    public long Rows => _rows;

    /// <summary>Appends whole rows (values.Length must be a multiple of the column count).</summary>
    public void Append(ReadOnlySpan<float> values)
    {
        if (_stream == null) throw new ObjectDisposedException(nameof(NpyStreamWriter));
        if (values.Length % _cols != 0) throw new ArgumentException($"{values.Length} values are not whole rows of {_cols}");
        _stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        _rows += values.Length / _cols;
    }

    /// <summary>Writes the final header and renames the file into place (a failed rename deletes the temp file).</summary>
    public void Complete()
    {
        if (_stream == null) throw new ObjectDisposedException(nameof(NpyStreamWriter));
        _stream.Position = 0;
        _stream.Write(NpyFile.EncodeHeader("<f4", [checked((int)_rows), _cols], HeaderLength));
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        _stream = null;
        TempFiles.Commit(_tmp, _path);
    }

    public void Dispose()
    {
        if (_stream == null) return;
        _stream.Dispose();
        _stream = null;
        TempFiles.Discard(_tmp);
    }
}
