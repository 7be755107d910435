using System.Text;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Audio.Data;

/// <summary>
/// Reads and writes Kaldi archives (.ark): a sequence of "key " followed by a binary ("\0B" FM/FV/DM/DV) or text
/// ("[ ... ]") object. Output is binary float32, readable by Kaldi's copy-feats and Python's kaldiio.
/// </summary>
public static class KaldiArk
{
    /// <summary>
    /// Writes <paramref name="entries"/> (enumerated once, lazily) to <paramref name="arkPath"/> through a temp file
    /// renamed at the end, then, if <paramref name="scpPath"/> is given, writes the scp (atomically, after the ark) with
    /// lines "key /absolute/ark/path:offset" in write order. Returns the scp entries.
    /// </summary>
    public static IReadOnlyList<KaldiScpEntry> Write(string arkPath, IEnumerable<KeyValuePair<string, KaldiMatrix>> entries,
        string? scpPath = null)
    {
        ArgumentNullException.ThrowIfNull(arkPath);
        ArgumentNullException.ThrowIfNull(entries);
        string fullArk = Path.GetFullPath(arkPath);
        var written = new List<KaldiScpEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        AtomicFile.Write(fullArk, stream =>
        {
            foreach (var (key, value) in entries)
            {
                if (!seen.Add(key)) throw new ArgumentException($"{fullArk}: key '{key}' is written twice", nameof(entries));
                long offset = WriteEntry(stream, key, value);
                written.Add(new KaldiScpEntry(key, fullArk, offset));
            }
        });
        if (scpPath is not null) KaldiScp.Write(scpPath, written);
        return written;
    }

    /// <summary>
    /// Appends "key " and the binary object to <paramref name="stream"/>; returns the offset of its "\0B"
    /// (what an scp line points at).
    /// </summary>
    public static long WriteEntry(Stream stream, string key, KaldiMatrix value)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(value);
        ValidateKey(key);
        stream.Write(Encoding.UTF8.GetBytes(key + " "));
        long offset = stream.Position;
        KaldiBinaryFormat.WriteObject(stream, value);
        return offset;
    }

    /// <summary>Reads every entry of an archive in order (binary and text objects may be mixed).</summary>
    /// <exception cref="FileNotFoundException">The archive does not exist.</exception>
    /// <exception cref="InvalidDataException">While enumerating: a damaged, truncated or compressed object, or a
    /// duplicate key; the message names the archive and the byte offset.</exception>
    public static IEnumerable<KeyValuePair<string, KaldiMatrix>> Read(string arkPath)
    {
        ArgumentNullException.ThrowIfNull(arkPath);
        if (!File.Exists(arkPath)) throw new FileNotFoundException($"archive '{arkPath}' does not exist", arkPath);
        return ReadIterator(arkPath);
    }

    static IEnumerable<KeyValuePair<string, KaldiMatrix>> ReadIterator(string arkPath) =>
        ReadEntriesIterator(arkPath).Select(e => new KeyValuePair<string, KaldiMatrix>(e.Entry.Key, e.Value));

    /// <summary>
    /// Reads every entry of an archive in order with the scp entry that points at it (absolute archive path and
    /// offset, as <see cref="Write"/> returns them).
    /// </summary>
    public static IEnumerable<(KaldiScpEntry Entry, KaldiMatrix Value)> ReadEntries(string arkPath)
    {
        ArgumentNullException.ThrowIfNull(arkPath);
        if (!File.Exists(arkPath)) throw new FileNotFoundException($"archive '{arkPath}' does not exist", arkPath);
        return ReadEntriesIterator(arkPath);
    }

    static IEnumerable<(KaldiScpEntry Entry, KaldiMatrix Value)> ReadEntriesIterator(string arkPath)
    {
        string fullArk = Path.GetFullPath(arkPath);
        using var stream = new FileStream(arkPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (ReadKey(stream, arkPath) is string key)
        {
            long at = stream.Position;
            if (!seen.Add(key)) throw new InvalidDataException($"{arkPath}: offset {at}: duplicate key '{key}'");
            yield return (new KaldiScpEntry(key, fullArk, at), ReadObjectAt(stream, arkPath));
        }
    }

    /// <summary>Reads the object at <paramref name="offset"/> (the "\0B" of a binary object or the text before '[').</summary>
    /// <exception cref="InvalidDataException">The offset is outside the archive or the object there is damaged.</exception>
    public static KaldiMatrix ReadAt(string arkPath, long offset)
    {
        ArgumentNullException.ThrowIfNull(arkPath);
        if (!File.Exists(arkPath)) throw new FileNotFoundException($"archive '{arkPath}' does not exist", arkPath);
        using var stream = new FileStream(arkPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12);
        return ReadAt(stream, arkPath, offset);
    }

    /// <summary>Reads the object at <paramref name="offset"/> of an open archive (<paramref name="arkPath"/> names it in errors).</summary>
    public static KaldiMatrix ReadAt(Stream stream, string arkPath, long offset)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (offset < 0 || offset >= stream.Length)
            throw new InvalidDataException($"{arkPath}: offset {offset} is outside the file ({stream.Length} bytes)");
        stream.Position = offset;
        return ReadObjectAt(stream, arkPath);
    }

    /// <summary>
    /// The shape (rows, cols, vector or not) of the object at <paramref name="offset"/>, read from its header only for
    /// a binary object (a text object is parsed whole); checks that its data lies inside the archive.
    /// </summary>
    /// <exception cref="InvalidDataException">The offset is outside the archive, the object is damaged or truncated.</exception>
    public static (int Rows, int Cols, bool IsVector) ShapeAt(Stream stream, string arkPath, long offset)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(arkPath);
        if (offset < 0 || offset >= stream.Length)
            throw new InvalidDataException($"{arkPath}: offset {offset} is outside the file ({stream.Length} bytes)");
        stream.Position = offset;
        int b0 = stream.ReadByte(), b1 = stream.ReadByte();
        if (b0 == 0 && b1 == 'B') return KaldiBinaryFormat.ReadShape(stream, arkPath);
        stream.Position = offset;
        var m = KaldiTextFormat.ReadObject(stream, arkPath);
        return (m.Rows, m.Cols, m.IsVector);
    }

    /// <summary>
    /// Rows [<paramref name="firstRow"/>, firstRow + <paramref name="rowCount"/>) of the matrix at
    /// <paramref name="offset"/>; a binary matrix is read for those rows only (a text one is read whole).
    /// </summary>
    /// <exception cref="InvalidDataException">The offset is outside the archive, the object is damaged, or the rows are not in it.</exception>
    public static KaldiMatrix ReadRowsAt(Stream stream, string arkPath, long offset, int firstRow, int rowCount)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (offset < 0 || offset >= stream.Length)
            throw new InvalidDataException($"{arkPath}: offset {offset} is outside the file ({stream.Length} bytes)");
        stream.Position = offset;
        int b0 = stream.ReadByte(), b1 = stream.ReadByte();
        if (b0 == 0 && b1 == 'B') return KaldiBinaryFormat.ReadRows(stream, arkPath, firstRow, rowCount);
        stream.Position = offset;
        var m = KaldiTextFormat.ReadObject(stream, arkPath);
        if (m.IsVector || firstRow < 0 || rowCount < 0 || firstRow + rowCount > m.Rows)
            throw new InvalidDataException($"{arkPath}: offset {offset}: rows {firstRow}..{firstRow + rowCount} asked of a {m.Rows}x{m.Cols} object");
        return new KaldiMatrix(rowCount, m.Cols, m.Data.AsSpan(firstRow * m.Cols, rowCount * m.Cols).ToArray());
    }

    static KaldiMatrix ReadObjectAt(Stream stream, string arkPath)
    {
        long at = stream.Position;
        int b0 = stream.ReadByte(), b1 = stream.ReadByte();
        if (b0 == 0 && b1 == 'B') return KaldiBinaryFormat.ReadObject(stream, arkPath);
        stream.Position = at;
        return KaldiTextFormat.ReadObject(stream, arkPath);
    }

    // Keys are separated from the previous object by nothing (binary) or a newline (text); a single space follows.
    static string? ReadKey(Stream stream, string arkPath)
    {
        int b;
        do b = stream.ReadByte(); while (b is ' ' or '\t' or '\r' or '\n');
        if (b < 0) return null;
        long start = stream.Position - 1;
        var bytes = new List<byte>();
        while (b is not (' ' or -1))
        {
            if (b is '\t' or '\r' or '\n' or 0)
                throw new InvalidDataException($"{arkPath}: offset {start}: malformed key (expected 'key ' before the object)");
            bytes.Add((byte)b);
            if (bytes.Count > 4096) throw new InvalidDataException($"{arkPath}: offset {start}: key longer than 4096 bytes");
            b = stream.ReadByte();
        }
        if (b < 0) throw new InvalidDataException($"{arkPath}: offset {start}: file ends after key");
        return Encoding.UTF8.GetString([.. bytes]);
    }

    internal static void ValidateKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0 || key.Any(char.IsWhiteSpace))
            throw new ArgumentException($"Kaldi key '{key}' is empty or contains whitespace", nameof(key));
    }
}
