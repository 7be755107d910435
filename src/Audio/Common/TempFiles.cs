using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SpeechDisentangle.Audio.Common;

/// <summary>
/// The temp files that atomic writes rename into place. Their names say which host and process wrote them
/// (<c>out.npy.tmp-HOST-PID-RANDOM</c>); the live ones are registered, so an interrupted process can delete them
/// (<see cref="DeleteLive"/>), and a later run can delete the ones a killed process left (<see cref="SweepStale"/>).
/// </summary>
public static partial class TempFiles
{
    static readonly Lock Gate = new();
    static readonly HashSet<string> Live = new(StringComparer.Ordinal);
    static bool _closed;

    /// <summary>This machine's name as it appears in temp names (only letters, digits, '.' and '_').</summary>
    public static string Host { get; } = HostPattern().Replace(Environment.MachineName, "_");

    /// <summary>
    /// Creates a new temp file next to <paramref name="finalPath"/> (its folder is created) and registers it.
    /// Creation and registration happen under one lock with <see cref="DeleteLive"/>, so no temp escapes it.
    /// </summary>
    public static FileStream Create(string finalPath, out string tmp, int bufferSize = 1 << 16)
    {
        string full = Path.GetFullPath(finalPath);
        string? dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        tmp = $"{full}.tmp-{Host}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        lock (Gate)
        {
            if (_closed) throw new OperationCanceledException("the process is stopping; no new files are started");
            var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize);
            Live.Add(tmp);
            return stream;
        }
    }

    /// <summary>Renames a finished (closed) temp file to <paramref name="finalPath"/>; if that fails the temp is deleted.</summary>
    public static void Commit(string tmp, string finalPath)
    {
        try
        {
            File.Move(tmp, Path.GetFullPath(finalPath), overwrite: true);
        }
        catch
        {
            Discard(tmp);
            throw;
        }
        lock (Gate) Live.Remove(tmp);
    }

    /// <summary>Deletes a temp file (closed or not on Linux) and forgets it; never throws for a file that is gone.</summary>
    public static void Discard(string tmp)
    {
        TryDelete(tmp);
        lock (Gate) Live.Remove(tmp);
    }

    /// <summary>
    /// For an interrupted process: refuses new temp files from now on and deletes every live one.
    /// Returns how many were deleted.
    /// </summary>
    public static int DeleteLive()
    {
        lock (Gate)
        {
            _closed = true;
            int deleted = Live.Count(TryDelete);
            Live.Clear();
            return deleted;
        }
    }

    /// <summary>
    /// Deletes the temp files directly in <paramref name="folder"/> that a process of this host wrote and that
    /// process is gone (not running, or its pid now belongs to a process started after the file was written).
    /// Temp files of other hosts are left alone: their writers may still be running. Returns the deleted paths.
    /// </summary>
    public static IReadOnlyList<string> SweepStale(string folder)
    {
        var deleted = new List<string>();
        if (!Directory.Exists(folder)) return deleted;
        foreach (string path in Directory.EnumerateFiles(folder, "*.tmp-*"))
        {
            var m = NamePattern().Match(Path.GetFileName(path));
            if (!m.Success || m.Groups["host"].Value != Host) continue;
            int pid = int.Parse(m.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (WriterAlive(pid, File.GetLastWriteTimeUtc(path))) continue;
            if (TryDelete(path)) deleted.Add(path);
        }
        return deleted;
    }

    static bool WriterAlive(int pid, DateTime lastWriteUtc)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            // A pid reused by a process that started after the file was last written did not write it.
            return process.StartTime.ToUniversalTime() <= lastWriteUtc.AddSeconds(1);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    static bool TryDelete(string path)
    {
        try
        {
            if (!File.Exists(path)) return false;
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"[^A-Za-z0-9._]")]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"\.tmp-(?<host>[A-Za-z0-9._]+)-(?<pid>\d+)-[0-9a-f]{8}$")]
    private static partial Regex NamePattern();
}
