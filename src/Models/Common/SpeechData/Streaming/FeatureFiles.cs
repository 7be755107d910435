using SpeechDisentangle.Audio.Data;

namespace SpeechDisentangle.Models.Common.SpeechData.Streaming;

/// <summary>
/// The feature files of one thread: the <see cref="OpenLimit"/> most recently used archives stay open between reads
/// (a seek per utterance instead of an open; the least recently used one is closed first, so a corpus of thousands of
/// archives stays under the process's file limit); .npy files are opened per read. Not thread-safe: each reader
/// thread has its own.
/// </summary>
/// <param name="vectors">Accept vectors, read as one frame each (an scp of utterance embeddings); else they are an error.</param>
/// <param name="openLimit">How many archives stay open at most.</param>
internal sealed class FeatureFiles(bool vectors = false, int openLimit = FeatureFiles.DefaultOpenLimit) : IDisposable
{
    public const int DefaultOpenLimit = 64;

    readonly Dictionary<string, LinkedListNode<(string Path, FileStream Stream)>> _open = new(StringComparer.Ordinal);
    readonly LinkedList<(string Path, FileStream Stream)> _recent = new(); // most recently used first

    /// <summary>How many archives stay open at most.</summary>
    public int OpenLimit { get; } = openLimit > 0 ? openLimit : throw new ArgumentOutOfRangeException(nameof(openLimit), "at least one archive must stay open");

    /// <summary>How many archives are open now.</summary>
    public int OpenCount => _open.Count;

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

    /// <summary>
    /// Rows [<paramref name="first"/>, first + <paramref name="count"/>) of the features <paramref name="entry"/> points
    /// at: a binary ark matrix or a .npy array is read for those rows only (seeking past the rest).
    /// </summary>
    public float[] ReadRows(FeatureDataDir.ScpEntry entry, int first, int count)
    {
        if (entry.Npy) return NpyFile.ReadRows(entry.Path, first, count).ToFloat32();
        var m = KaldiArk.ReadRowsAt(Archive(entry.Path), entry.Path, entry.Offset ?? 0, first, count);
        return m.Data;
    }

    FileStream Archive(string path)
    {
        if (_open.TryGetValue(path, out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value.Stream;
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"archive '{path}' does not exist", path);
        if (_open.Count >= OpenLimit)
        {
            var oldest = _recent.Last!;
            _recent.RemoveLast();
            _open.Remove(oldest.Value.Path);
            oldest.Value.Stream.Dispose();
        }
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        _open[path] = _recent.AddFirst((path, stream));
        return stream;
    }

    public void Dispose()
    {
        foreach (var (_, s) in _recent) s.Dispose();
        _recent.Clear();
        _open.Clear();
    }
}
