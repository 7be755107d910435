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

    readonly Lock _readLock = new();
    UtteranceReader? _reader;

    /// <summary>
    /// Utterance <paramref name="i"/> with its features, read now through one reader that the list keeps (its archives
    /// stay open, at most <see cref="FeatureFiles.DefaultOpenLimit"/>), so look-ups by index do not reopen files.
    /// </summary>
    public SpeechUtterance this[int i] => Read(Headers[i]);

    /// <summary><paramref name="header"/> (one of <see cref="Headers"/>) with its features, read now.</summary>
    public SpeechUtterance Read(SpeechUtterance header)
    {
        lock (_readLock)
        {
            _reader ??= Index.OpenReader();
            return _reader.Read(header);
        }
    }

    /// <summary>
    /// <paramref name="utterance"/>, an utterance of <paramref name="list"/>, with its features: read now when the list
    /// is streamed (and <paramref name="utterance"/> one of its headers), itself otherwise.
    /// </summary>
    public static SpeechUtterance WithFeatures(IReadOnlyList<SpeechUtterance> list, SpeechUtterance utterance) =>
        list is StreamedUtterances streamed ? streamed.Read(utterance) : utterance;

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
