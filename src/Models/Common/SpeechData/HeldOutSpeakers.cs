namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>Which speakers a run holds out of training: the named ones (each must be in the data), else the last N of the sorted ids.</summary>
public static class HeldOutSpeakers
{
    /// <param name="path">The data, for the error message.</param>
    /// <param name="speakers">Every speaker of the data, sorted ordinally.</param>
    /// <param name="lastCount">data.unseen_speakers.</param>
    /// <param name="named">data.unseen_speaker_ids (empty: take the last <paramref name="lastCount"/>).</param>
    public static HashSet<string> Choose(string path, IReadOnlyList<string> speakers, int lastCount, IReadOnlyList<string> named)
    {
        ArgumentNullException.ThrowIfNull(speakers);
        ArgumentNullException.ThrowIfNull(named);
        if (named.Count == 0)
            return speakers.Skip(Math.Max(0, speakers.Count - lastCount)).ToHashSet(StringComparer.Ordinal);
        var missing = named.Where(s => !speakers.Contains(s)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{path}: unseen_speaker_ids names speakers not in the data: {string.Join(", ", missing)}");
        return named.ToHashSet(StringComparer.Ordinal);
    }
}
