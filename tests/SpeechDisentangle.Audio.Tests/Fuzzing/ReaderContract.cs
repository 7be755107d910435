namespace SpeechDisentangle.Fuzzing;

/// <summary>
/// What every reader promises on damaged input: it returns, or it throws its documented exception type with a message
/// that names the input. It never throws anything else (IndexOutOfRange, NullReference, Overflow, OutOfMemory,
/// ArgumentOutOfRange, ...), never hangs, and never allocates far beyond what the input's size warrants (a header that
/// declares a huge size must be checked against the bytes that are there before anything is allocated).
/// </summary>
public static class ReaderContract
{
    // Generous: a damaged 1 KB file that makes a reader spin for this long is stuck, not slow.
    static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    const long AllocationAllowance = 32L << 20;
    const long AllocationPerInputByte = 64;

    /// <summary>
    /// Reads <paramref name="input"/> with <paramref name="target"/> on a thread of its own (as the file
    /// <paramref name="path"/>); returns null when the reader kept the contract, else what went wrong.
    /// </summary>
    public static string? Check(FuzzTarget target, byte[] input, string path)
    {
        string? problem = null;
        var task = Task.Factory.StartNew(() => problem = Violation(target, input, path),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return task.Wait(HangLimit) ? problem : $"did not finish within {HangLimit.TotalSeconds} s (hang)";
    }

    /// <summary>
    /// Reads <paramref name="input"/> on the calling thread; returns null when the reader kept the contract (hangs
    /// aside), else what went wrong. The coverage-guided harness calls this directly and leaves hangs to the fuzzer.
    /// </summary>
    public static string? Violation(FuzzTarget target, byte[] input, string path)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(input);
        Exception? thrown = null;
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            target.Read(input, path);
        }
        catch (Exception e)
        {
            thrown = e;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        long allowed = AllocationAllowance + AllocationPerInputByte * input.Length;
        if (allocated > allowed) return $"allocated {allocated} bytes for a {input.Length}-byte input (allowed {allowed})";
        if (thrown is null) return null;
        if (!target.IsDocumented(thrown))
            return $"threw {thrown.GetType().Name}, not {string.Join(" or ", target.Documented.Select(t => t.Name))}: {thrown}";
        if (!target.NamesItsFile(thrown, path))
            return $"threw {thrown.GetType().Name} whose message does not name '{path}': {thrown.Message}";
        return null;
    }

    /// <summary>
    /// Checks damaged copies of the target's seeds and throws one assertion listing the failures (the smallest input
    /// of each kind, as hex) so they can be replayed. 300 cases from PCG seed 20251 by default; SDT_FUZZ_CASES and
    /// SDT_FUZZ_SEED widen the search by hand (the suite itself always runs the default).
    /// </summary>
    public static void CheckMutants(FuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        int count = EnvironmentNumber("SDT_FUZZ_CASES") is { } c ? (int)c : 300;
        ulong seed = EnvironmentNumber("SDT_FUZZ_SEED") ?? 20251;
        string dir = Directory.CreateTempSubdirectory("sdt-fuzz-").FullName;
        var failures = new List<(byte[] Input, string Problem)>();
        try
        {
            string path = Path.Combine(dir, "input-" + target.Name);
            foreach (byte[] input in target.Seeds.Concat(ByteMutator.Cases(ByteMutator.Mutants(target.Seeds), seed, count)))
            {
                if (Check(target, input, path) is { } problem) failures.Add((input, problem));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        if (failures.Count == 0) return;
        // One example (the smallest input) per distinct first line, so different bugs are not hidden behind one.
        var shown = failures.GroupBy(f => f.Problem.Split('\n')[0]).Select(g => g.MinBy(f => f.Input.Length))
            .OrderBy(f => f.Input.Length).Take(8)
            .Select(f => $"- {f.Problem}{Environment.NewLine}  input ({f.Input.Length} bytes): {Hex(f.Input)}");
        throw new ReaderContractException(
            $"{failures.Count} of {count} damaged {target.Name} inputs broke the reader's contract:{Environment.NewLine}" +
            string.Join(Environment.NewLine, shown));
    }

    static ulong? EnvironmentNumber(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text
            ? ulong.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    static string Hex(byte[] bytes) =>
        Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 600))) + (bytes.Length > 600 ? "..." : "");
}
