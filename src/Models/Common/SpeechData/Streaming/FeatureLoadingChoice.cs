using System.Globalization;

namespace SpeechDisentangle.Models.Common.SpeechData.Streaming;

/// <summary>Which way a feature data dir is read, and why (for the run log).</summary>
/// <param name="Mode">Memory or Stream (never Auto).</param>
/// <param name="Reason">One line for the log: the sizes compared, or the setting that forced the choice.</param>
public sealed record FeatureLoadingChoice(FeatureLoadingMode Mode, string Reason)
{
    /// <summary>
    /// Resolves <paramref name="options"/> for the data dir <paramref name="dir"/>: an explicit mode is kept; auto
    /// streams when the feature files its scp lists (each ark or .npy counted once) exceed the memory limit.
    /// </summary>
    public static FeatureLoadingChoice For(string dir, FeatureLoadingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode != FeatureLoadingMode.Auto)
            return new FeatureLoadingChoice(options.Mode, $"{dir}: data.loading.mode is {options.Mode.ToString().ToLowerInvariant()}");
        long bytes = FeatureBytes(dir);
        long limit = options.LimitBytes;
        var mode = bytes > limit ? FeatureLoadingMode.Stream : FeatureLoadingMode.Memory;
        string reason = string.Create(CultureInfo.InvariantCulture,
            $"{dir}: features {Gb(bytes)} GB {(bytes > limit ? ">" : "<=")} limit {Gb(limit)} GB (data.loading.memory_limit_gb), so {mode.ToString().ToLowerInvariant()} (set data.loading.mode to choose)");
        return new FeatureLoadingChoice(mode, reason);
    }

    /// <summary>The log line.</summary>
    public override string ToString() => $"data loading: {Mode.ToString().ToLowerInvariant()} ({Reason})";

    /// <summary>Bytes of the feature files the scp of <paramref name="dir"/> names (missing files count 0; loading reports them).</summary>
    public static long FeatureBytes(string dir)
    {
        var (_, _, _, feats) = FeatureDataDir.ReadListing(dir, null);
        return feats.Values.Select(e => e.Path).Distinct(StringComparer.Ordinal)
            .Sum(p => File.Exists(p) ? new FileInfo(p).Length : 0);
    }

    static string Gb(long bytes) => (bytes / (double)(1L << 30)).ToString("F2", CultureInfo.InvariantCulture);
}
