using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Common.SpeechData;

namespace SpeechDisentangle.Models.Extraction;

/// <summary>
/// Features computed from audio exactly as `sdt features compute` computed the training features: the same job
/// (<see cref="DataDirFeatureJob"/>, with the recorded log-mel settings and channel) writes them into a work folder,
/// and the same reader (<see cref="FeatureDataDir.Load"/>) normalises them. Per-speaker CMVN uses the statistics
/// of each speaker's utterances in the input, which is what cmvn.scp of the training features holds when the input
/// has the same utterances as the data dir the features were computed from; so every utterance of a speaker in the
/// wanted part is computed, even those outside it. Global CMVN uses the whole input.
/// </summary>
public static class AudioFeatures
{
    /// <summary>A data dir of one audio file: utterance and speaker named after the file.</summary>
    public static KaldiDataDir SingleFile(string path)
    {
        string utt = Path.GetFileNameWithoutExtension(path);
        if (utt.Length == 0 || utt.Any(char.IsWhiteSpace))
            throw new ArgumentException($"--input '{path}': the file name (the utterance id) must be non-empty and without spaces");
        var one = new Dictionary<string, string>(StringComparer.Ordinal) { [utt] = Path.GetFullPath(path) };
        return KaldiDataDir.Create(one, new Dictionary<string, string>(StringComparer.Ordinal) { [utt] = utt });
    }

    /// <summary>The normalised features of <paramref name="wanted"/> (and of whatever else their CMVN needs).</summary>
    public static FeatureDataDir Load(KaldiDataDir dir, IReadOnlyCollection<string> wanted, FeatureFrontEnd frontEnd, CmvnMode cmvn,
        bool normVars, int jobs, string workDir, IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(frontEnd);
        var speakers = wanted.Select(u => dir.Utt2Spk[u]).ToHashSet(StringComparer.Ordinal);
        var needed = cmvn switch
        {
            CmvnMode.Global => dir.Utterances.ToHashSet(StringComparer.Ordinal),
            CmvnMode.Speaker => dir.Utterances.Where(u => speakers.Contains(dir.Utt2Spk[u])).ToHashSet(StringComparer.Ordinal),
            _ => wanted.ToHashSet(StringComparer.Ordinal),
        };
        var options = new FeatureJobOptions { LogMel = frontEnd.LogMel, Channel = frontEnd.Channel, Jobs = jobs, Overwrite = true };
        try
        {
            DataDirFeatureJob.Run(needed.Count == dir.Utterances.Count ? dir : Subset(dir, needed), workDir, options, log: null, progress);
            return FeatureDataDir.Load(workDir, cmvn, normVars);
        }
        finally
        {
            if (Directory.Exists(workDir)) Directory.Delete(workDir, recursive: true);
        }
    }

    static KaldiDataDir Subset(KaldiDataDir dir, HashSet<string> utts)
    {
        Dictionary<string, T> Keep<T>(IReadOnlyDictionary<string, T> table, Func<string, bool> keep) =>
            table.Where(kv => keep(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        if (!dir.HasSegments)
            return KaldiDataDir.Create(Keep(dir.WavScp, utts.Contains), Keep(dir.Utt2Spk, utts.Contains), Keep(dir.Text, utts.Contains));
        var segments = Keep(dir.Segments, utts.Contains);
        var recordings = segments.Values.Select(s => s.Recording).ToHashSet(StringComparer.Ordinal);
        return KaldiDataDir.Create(Keep(dir.WavScp, recordings.Contains), Keep(dir.Utt2Spk, utts.Contains), Keep(dir.Text, utts.Contains), segments);
    }
}
