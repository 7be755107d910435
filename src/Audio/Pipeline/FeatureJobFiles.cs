using System.Text.RegularExpressions;
using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>
/// The files one feature job (the whole corpus, or shard K of N) writes into its output folder, and the clean-up
/// of the ones a rerun must not trust: tables that point into archives about to be rewritten, features made with
/// other settings, temp files of killed processes.
/// </summary>
internal sealed partial class FeatureJobFiles
{
    readonly FeatureJobOptions _options;

    public FeatureJobFiles(string outDir, FeatureJobOptions options)
    {
        OutDir = Path.GetFullPath(outDir);
        _options = options;
        Tag = options.ShardCount > 1 ? $".{options.ShardIndex}" : "";
    }

    public string OutDir { get; }

    /// <summary>"" for a whole-corpus job, ".K" for shard K (feats.K.scp, utt2num_frames.K, ...).</summary>
    public string Tag { get; }

    public string ArkFolder => Path.Combine(OutDir, "data");
    public string NpyFolder => Path.Combine(OutDir, "npy");

    /// <summary>Archive number <paramref name="block"/> (1-based) of this job.</summary>
    public string Ark(int block) => Path.Combine(ArkFolder, $"feats{Tag}.{block}.ark");

    public string Npy(string utt) => Path.Combine(NpyFolder, utt + ".npy");
    public string Scp => Path.Combine(OutDir, (_options.Format == FeatureFormat.Ark ? "feats" : "npy") + Tag + ".scp");
    public string Utt2NumFrames => Path.Combine(OutDir, "utt2num_frames" + Tag);
    public string Skipped => Path.Combine(OutDir, "skipped" + Tag + ".txt");

    /// <summary>The settings and inputs the features in this folder were made from (see <see cref="FeatureJobFingerprint"/>).</summary>
    public string Fingerprint => Path.Combine(OutDir, "feats_job" + Tag + ".txt");

    public string CmvnScp => Path.Combine(OutDir, "cmvn.scp");
    public string CmvnArk => Path.Combine(ArkFolder, "cmvn.ark");

    /// <summary>The fingerprint an earlier run left, or null.</summary>
    public string? ReadFingerprint() => File.Exists(Fingerprint) ? File.ReadAllText(Fingerprint) : null;

    /// <summary>Deletes temp files that dead processes of this host left in the output folders; returns them.</summary>
    public IReadOnlyList<string> SweepStaleTemps() =>
        [.. new[] { OutDir, ArkFolder, NpyFolder }.SelectMany(TempFiles.SweepStale)];

    /// <summary>
    /// Deletes this job's tables (and the merged ones of a sharded run), so no table points into an archive this run
    /// rewrites; the run writes them again when it ends. The data dir files (wav.scp, utt2spk, ...) are left alone:
    /// the output folder may be the input data dir itself.
    /// </summary>
    public void RemoveTables()
    {
        string format = _options.Format == FeatureFormat.Ark ? "feats" : "npy";
        string[] tables = [Scp, Utt2NumFrames, Skipped, Path.Combine(OutDir, format + ".scp"), Path.Combine(OutDir, "utt2num_frames"), CmvnScp, CmvnArk];
        foreach (string path in tables) Delete(path);
    }

    /// <summary>
    /// Deletes the features an earlier run of this job wrote: its archives, and the .npy files of its utterances
    /// (of every utterance for a whole-corpus job).
    /// </summary>
    public void RemoveFeatures(IEnumerable<string> utts)
    {
        if (Directory.Exists(ArkFolder))
        {
            var mine = Tag.Length == 0 ? WholeCorpusArk() : null;
            foreach (string ark in Directory.EnumerateFiles(ArkFolder, "feats*.ark"))
            {
                string name = Path.GetFileName(ark);
                bool ours = mine?.IsMatch(name) ?? (name.StartsWith($"feats{Tag}.", StringComparison.Ordinal) && ShardArk().IsMatch(name[(5 + Tag.Length)..]));
                if (ours) Delete(ark);
            }
        }
        if (Tag.Length == 0 && Directory.Exists(NpyFolder))
        {
            foreach (string npy in Directory.EnumerateFiles(NpyFolder, "*.npy")) Delete(npy);
        }
        else
        {
            foreach (string utt in utts) Delete(Npy(utt));
        }
    }

    /// <summary>Deletes data/ and npy/ if they are empty, and the output folder too when asked (a failed run made it).</summary>
    public void RemoveEmptyFolders(bool includeOutDir)
    {
        foreach (string dir in includeOutDir ? new[] { ArkFolder, NpyFolder, OutDir } : [ArkFolder, NpyFolder])
        {
            if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any())
            {
                try { Directory.Delete(dir); }
                catch (IOException) { } // another shard wrote into it meanwhile
            }
        }
    }

    /// <summary>Deletes a file if it is there (File.Delete throws when its folder is missing).</summary>
    public static void Delete(string path)
    {
        if (File.Exists(path)) File.Delete(path);
    }

    // feats.ark (older releases), feats.B.ark
    [GeneratedRegex(@"^feats(\.\d+)?\.ark$")]
    private static partial Regex WholeCorpusArk();

    // the ".B.ark" after "feats.K"
    [GeneratedRegex(@"^\.\d+\.ark$")]
    private static partial Regex ShardArk();
}
