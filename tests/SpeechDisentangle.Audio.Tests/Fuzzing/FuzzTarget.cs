namespace SpeechDisentangle.Fuzzing;

/// <summary>
/// One reader as the fuzzers drive it: how to hand it a byte string, the exception types it documents for bad input,
/// and the valid files mutations start from. Shared by the property tests and the coverage-guided campaign (fuzz/).
/// </summary>
/// <param name="Name">Short name used by fuzz/run.sh ("wav", "npy", ...).</param>
/// <param name="Documented">The exception types the reader documents for damaged input (subclasses count too).</param>
/// <param name="Read">Reads the input; the string is a scratch file path the target may write the bytes to, and the
/// name a documented error must mention.</param>
/// <param name="Seeds">Valid inputs: the starting points of mutation.</param>
/// <param name="OtherFiles">Files besides the input that an error may name instead (an archive an scp points into).</param>
public sealed record FuzzTarget(string Name, IReadOnlyList<Type> Documented, Action<byte[], string> Read, IReadOnlyList<byte[]> Seeds,
    IReadOnlyList<string>? OtherFiles = null)
{
    /// <summary>True when <paramref name="e"/> is one of the documented exception types.</summary>
    public bool IsDocumented(Exception e) => Documented.Any(t => t.IsInstanceOfType(e));

    /// <summary>
    /// True when the message of <paramref name="e"/> names the input, another file it reads (by file name: an scp may
    /// spell the archive's folder differently, "/tmp//x/a.ark"), or the missing file.
    /// </summary>
    public bool NamesItsFile(Exception e, string path)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Message.Contains(path, StringComparison.Ordinal)
            || (OtherFiles ?? []).Any(f => e.Message.Contains(Path.GetFileName(f), StringComparison.Ordinal))
            || (e is FileNotFoundException { FileName: { } missing } && e.Message.Contains(missing, StringComparison.Ordinal));
    }

    /// <summary>Writes <paramref name="input"/> to <paramref name="path"/> (for readers that take a file path).</summary>
    public static void WriteScratch(string path, byte[] input) => File.WriteAllBytes(path, input);
}
