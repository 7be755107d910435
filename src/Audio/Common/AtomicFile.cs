namespace SpeechDisentangle.Audio.Common;

/// <summary>
/// Writes a file under a temporary name in the same folder and renames it into place, so a killed job
/// never leaves a half-written output behind (see <see cref="TempFiles"/> for the temp names and their cleanup).
/// </summary>
public static class AtomicFile
{
    /// <summary>Runs <paramref name="write"/> on a stream for a temp file, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
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

    /// <summary>Writes bytes atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }
}
