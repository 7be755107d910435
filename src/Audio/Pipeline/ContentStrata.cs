namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>The content stratum of each utterance for <see cref="DataSplit"/>: its content class, or <see cref="DataSplit.SentenceStratum"/>.</summary>
internal static class ContentStrata
{
    /// <summary>
    /// Word mode: the one-word transcript (<see cref="DataSplit.StratumOf"/>). Sentence mode: the normalised
    /// transcript (<see cref="ContentModes.SentenceKey"/>) when at least <see cref="DataSplitOptions.SentenceSpeakers"/>
    /// seen (not held-out) speakers read it, so that train, valid and test can each get one.
    /// </summary>
    public static Func<string, string> For(SourceTables source, IReadOnlySet<string> held, DataSplitOptions options)
    {
        string Text(string utt) => source.Text.TryGetValue(utt, out var line) ? line.Rest : "";
        if (options.Content == ContentMode.Word) return utt => DataSplit.StratumOf(Text(utt));
        var keys = source.Utterances.ToDictionary(u => u, u => ContentModes.SentenceKey(Text(u)), StringComparer.Ordinal);
        var shared = source.Utterances
            .Where(u => keys[u] is not null && !held.Contains(source.Utt2Spk[u].Rest))
            .GroupBy(u => keys[u]!, StringComparer.Ordinal)
            .Where(g => g.Select(u => source.Utt2Spk[u].Rest).Distinct(StringComparer.Ordinal).Count() >= options.SentenceSpeakers)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        return utt => keys[utt] is string key && shared.Contains(key) ? key : DataSplit.SentenceStratum;
    }
}
