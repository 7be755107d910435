using System.Collections;

namespace SpeechDisentangle.Models.Common.SpeechData.Streaming;

/// <summary>
/// The utterances of a streamed data dir as a list that reads each one's features when it is asked for, so code
/// written for in-memory utterance lists (evaluation, pictures) still works, reading what it touches. Batch sources
/// plan from <see cref="Headers"/> (id, speaker, text, shape; no features) and read on their own thread.
/// </summary>
public sealed class StreamedUtterances : IReadOnlyList<SpeechUtterance>
{
    /// <param name="index">Where the features are read.</param>
    /// <param name="headers">The utterances (of the index's data dir) without features.</param>
    public StreamedUtterances(FeatureIndex index, IReadOnlyList<SpeechUtterance> headers)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(headers);
        Index = index;
        Headers = headers;
    }

    public FeatureIndex Index { get; }

    /// <summary>The utterances without features.</summary>
    public IReadOnlyList<SpeechUtterance> Headers { get; }

    public int Count => Headers.Count;

    /// <summary>Utterance <paramref name="i"/> with its features, read now.</summary>
    public SpeechUtterance this[int i]
    {
        get
        {
            using var reader = Index.OpenReader();
            return reader.Read(Headers[i]);
        }
    }

    /// <summary>The utterances (headers only) of <paramref name="list"/>: its headers when it is streamed, itself otherwise.</summary>
    public static IReadOnlyList<SpeechUtterance> HeadersOf(IReadOnlyList<SpeechUtterance> list) =>
        list is StreamedUtterances streamed ? streamed.Headers : list;

    public IEnumerator<SpeechUtterance> GetEnumerator()
    {
        using var reader = Index.OpenReader();
        foreach (var h in Headers) yield return reader.Read(h);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
