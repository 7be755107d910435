namespace SpeechDisentangle.Audio.Common;

/// <summary>
/// Writes a file under a temporary name in the same folder and renames it into place, so a killed job
/// never leaves a half-written output behind (see <see cref="TempFiles"/> for the temp names and their cleanup).
/// </summary>
public static class AtomicFile
{
    /// <summary>Runs <paramref name="write"/> on a stream for a temp file, then renames it to <paramref name="path"/>.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="write">Writes the content.</param>
    /// <param name="keepPreviousAs">When given and <paramref name="path"/> exists, the old file is renamed to this
    /// name just before the new one takes its place (only once the new content is complete on disk).</param>
    public static void Write(string path, Action<Stream> write, string? keepPreviousAs = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        var stream = TempFiles.Create(path, out string tmp);
        try
        {
            using (stream)
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            if (keepPreviousAs is not null && File.Exists(path)) File.Move(path, keepPreviousAs, overwrite: true);
        }
        catch
        {
            TempFiles.Discard(tmp);
            throw;
        }
        TempFiles.Commit(tmp, path);
    }

    /// <summary>Writes text atomically (UTF-8, no BOM).</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, s =>
        {
            using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            w.Write(text);
        });

    /// <summary>Writes lines atomically, each ended by '\n' (UTF-8, no BOM).</summary>
    public static void WriteAllLines(string path, IEnumerable<string> lines) =>
        Write(path, s =>
        {
            using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            foreach (string line in lines)
            {
                w.Write(line);
                w.Write('\n');
            }
        });

    /// <summary>Writes bytes atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }
}
