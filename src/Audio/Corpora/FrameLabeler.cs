namespace SpeechDisentangle.Audio.Corpora;

/// <summary>
/// Turns time-aligned phone segments into one label per feature frame, framed as Kaldi does with snip_edges:
/// frame i covers samples [i·shift, i·shift + length) and there are 1 + (N − length) / shift frames (0 when N &lt; length).
/// A frame gets the phone under its centre sample i·shift + length / 2.
/// </summary>
public static class FrameLabeler
{
    /// <summary>Frames of <paramref name="sampleCount"/> samples under snip_edges framing.</summary>
    public static long FrameCount(long sampleCount, int frameLength, int frameShift)
    {
        if (frameLength <= 0 || frameShift <= 0)
            throw new ArgumentException($"frame length ({frameLength}) and shift ({frameShift}) must be positive");
        return sampleCount < frameLength ? 0 : 1 + ((sampleCount - frameLength) / frameShift);
    }

    /// <summary>
    /// Labels each frame with the index in <paramref name="symbols"/> of its centre's phone. Phones are mapped through
    /// <paramref name="map"/> first; a phone mapped to null (TIMIT's q in the 39 set) takes the label of the segment
    /// before it (after it, at the start). A centre in a gap between segments, or outside them, takes the nearest
    /// segment's label on the left (on the right before the first segment).
    /// </summary>
    public static int[] Label(IReadOnlyList<TimitSegment> segments, long sampleCount, int frameLength, int frameShift,
        IReadOnlyList<string> symbols, Func<string, string?> map)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(map);
        if (segments.Count == 0) throw new ArgumentException("no segments to label frames from", nameof(segments));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < symbols.Count; i++) index[symbols[i]] = i;

        int[] segmentLabel = ResolveLabels(segments, index, map);
        var labels = new int[FrameCount(sampleCount, frameLength, frameShift)];
        int s = 0;
        for (long f = 0; f < labels.Length; f++)
        {
            long centre = (f * frameShift) + (frameLength / 2);
            // Segments are sorted by start and centres only grow, so one forward walk suffices.
            while (s + 1 < segments.Count && segments[s + 1].Start <= centre) s++;
            labels[f] = segmentLabel[s];
        }
        return labels;
    }

    static int[] ResolveLabels(IReadOnlyList<TimitSegment> segments, Dictionary<string, int> index, Func<string, string?> map)
    {
        var labels = new int[segments.Count];
        int previous = -1;
        for (int i = 0; i < segments.Count; i++)
        {
            string? symbol = map(segments[i].Phone);
            if (symbol is null)
            {
                labels[i] = previous;
                continue;
            }
            if (!index.TryGetValue(symbol, out int label))
                throw new ArgumentException($"phone '{segments[i].Phone}' maps to '{symbol}', which is not in the symbol list");
            labels[i] = previous = label;
        }
        // Dropped phones at the start take the first kept label after them.
        int next = -1;
        for (int i = segments.Count - 1; i >= 0; i--)
        {
            if (map(segments[i].Phone) is not null) next = labels[i];
            else if (labels[i] < 0) labels[i] = next;
        }
        if (labels.Any(l => l < 0)) throw new ArgumentException("every segment's phone is dropped by the phone map; nothing to label with");
        return labels;
    }
}
