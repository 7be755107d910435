using SpeechDisentangle.Audio.Data;

namespace SpeechDisentangle.Models.Common.SpeechData.Streaming;

/// <summary>
/// The feature files of one thread: archives stay open between reads (a seek per utterance instead of an open);
/// .npy files are read whole. Not thread-safe: each reader thread has its own.
/// </summary>
/// <param name="vectors">Accept vectors, read as one frame each (an scp of utterance embeddings); else they are an error.</param>
internal sealed class FeatureFiles(bool vectors = false) : IDisposable
{
    readonly Dictionary<string, FileStream> _open = new(StringComparer.Ordinal);

    /// <summary>Rows (frames) and columns (bins) of the features <paramref name="entry"/> points at, from headers only.</summary>
    public (int Rows, int Cols) ShapeOf(FeatureDataDir.ScpEntry entry)
    {
        if (entry.Npy)
        {
            var (shape, _, _) = NpyFile.ReadShape(entry.Path);
            if (shape.Length != 2) throw new InvalidDataException($"'{entry.Path}' is {shape.Length}-d, expected frames x bins");
            return (shape[0], shape[1]);
        }
        var (rows, cols, isVector) = KaldiArk.ShapeAt(Archive(entry.Path), entry.Path, entry.Offset ?? 0);
        if (isVector && !vectors) throw new InvalidDataException($"'{entry.Path}' holds a vector, not a frames x bins matrix");
        return (rows, cols);
    }

    /// <summary>The features <paramref name="entry"/> points at, row-major, with their shape.</summary>
    public (float[] Data, int Rows, int Cols) Read(FeatureDataDir.ScpEntry entry)
    {
        if (entry.Npy)
        {
            var array = NpyFile.Read(entry.Path);
            if (array.Shape.Count != 2) throw new InvalidDataException($"'{entry.Path}' is {array.Shape.Count}-d, expected frames x bins");
            return (array.ToFloat32(), array.Shape[0], array.Shape[1]);
        }
        var m = KaldiArk.ReadAt(Archive(entry.Path), entry.Path, entry.Offset ?? 0);
        if (m.IsVector && !vectors) throw new InvalidDataException($"'{entry.Path}' holds a vector, not a frames x bins matrix");
        return (m.Data, m.Rows, m.Cols); // a vector is one row
    }

    /// <summary>Rows [<paramref name="first"/>, first + <paramref name="count"/>) of the features <paramref name="entry"/> points at (an ark matrix is read for those rows only).</summary>
    public float[] ReadRows(FeatureDataDir.ScpEntry entry, int first, int count)
    {
        if (entry.Npy)
        {
            var (data, _, cols) = Read(entry);
            return data.AsSpan(first * cols, count * cols).ToArray();
        }
        var m = KaldiArk.ReadRowsAt(Archive(entry.Path), entry.Path, entry.Offset ?? 0, first, count);
        return m.Data;
    }

    FileStream Archive(string path)
    {
        if (_open.TryGetValue(path, out var stream)) return stream;
        if (!File.Exists(path)) throw new FileNotFoundException($"archive '{path}' does not exist", path);
        stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        _open[path] = stream;
        return stream;
    }

    public void Dispose()
    {
        foreach (var s in _open.Values) s.Dispose();
        _open.Clear();
    }
}
