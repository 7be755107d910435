namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>
/// The held-out rule of the VC and vocoder tasks (data.test_every): of each speaker's utterances in ordinal id
/// order, every <c>every</c>-th (the every-th, 2·every-th, ...) is a test utterance, so each speaker with at least
/// that many utterances has one.
/// </summary>
public static class EveryNthUtterance
{
    /// <summary>Whether the utterance at <paramref name="indexInSpeaker"/> (0-based, ordinal id order) is a test utterance.</summary>
    public static bool IsTest(int indexInSpeaker, int every) => indexInSpeaker % every == every - 1;

    /// <summary>Each speaker's group sorted by <paramref name="utt"/> and cut by <see cref="IsTest"/>, groups in the order given.</summary>
    public static (List<T> Others, List<T> Test) Split<T>(IEnumerable<IGrouping<string, T>> bySpeaker, Func<T, string> utt, int every)
    {
        ArgumentNullException.ThrowIfNull(bySpeaker);
        ArgumentNullException.ThrowIfNull(utt);
        var others = new List<T>();
        var test = new List<T>();
        foreach (var group in bySpeaker)
        {
            var utts = group.OrderBy(utt, StringComparer.Ordinal).ToList();
            for (int i = 0; i < utts.Count; i++) (IsTest(i, every) ? test : others).Add(utts[i]);
        }
        return (others, test);
    }
}
