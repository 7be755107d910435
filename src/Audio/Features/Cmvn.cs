namespace SpeechDisentangle.Audio.Features;

/// <summary>Per-utterance, per-speaker and global cepstral mean/variance normalisation.</summary>
public static class Cmvn
{
    /// <summary>Normalises one utterance with its own statistics (in place).</summary>
    public static void ApplyPerUtterance(Span<float> features, int dim, bool normVars = false)
    {
        var stats = new CmvnStats(dim);
        stats.Accumulate(features);
        stats.Apply(features, normVars);
    }

    /// <summary>Statistics per speaker, given each utterance's speaker and features (frames x dim).</summary>
    public static Dictionary<string, CmvnStats> AccumulatePerSpeaker(
        IEnumerable<(string Speaker, float[] Features)> utterances, int dim)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        var result = new Dictionary<string, CmvnStats>(StringComparer.Ordinal);
        foreach (var (speaker, features) in utterances)
        {
            if (!result.TryGetValue(speaker, out var stats))
            {
                stats = new CmvnStats(dim);
                result.Add(speaker, stats);
            }

            stats.Accumulate(features);
        }

        return result;
    }

    /// <summary>Statistics over all utterances (global CMVN).</summary>
    public static CmvnStats AccumulateGlobal(IEnumerable<float[]> utterances, int dim)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        var stats = new CmvnStats(dim);
        foreach (var features in utterances)
        {
            stats.Accumulate(features);
        }

        return stats;
    }
}
