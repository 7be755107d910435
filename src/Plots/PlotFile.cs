namespace SpeechDisentangle.Plots;

/// <summary>Saves rendered PNG bytes atomically (temp file in the same folder, then rename), so a killed job never
/// leaves a half-written image.</summary>
public static class PlotFile
{
    /// <summary>Writes <paramref name="png"/> to <paramref name="path"/> via a temp file and rename.</summary>
    public static void Save(string path, byte[] png)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(png);
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        string tmp = full + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(png);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { }
            throw;
        }
    }
}
