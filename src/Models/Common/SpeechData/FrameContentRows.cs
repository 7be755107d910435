namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>
/// Per-frame content labels of padded utterances ("frame_content" [N, T] values), shared by the in-memory padded set
/// and the streamed batches so both cut and pad the labels the same way.
/// </summary>
public static class FrameContentRows
{
    /// <summary>
    /// The labels of <paramref name="utterances"/> row by row, <paramref name="frames"/> per row,
    /// <see cref="SpeechBatchKeys.Ignore"/> on padding. <paramref name="labelsOfRow"/> gives row i's labels for
    /// its whole (uncropped) length; an utterance cropped by <see cref="UtteranceLengths.CropCentre"/> gets the same
    /// central frames of its labels.
    /// </summary>
    public static long[] Pad(IReadOnlyList<SpeechUtterance> utterances, Func<int, int[]> labelsOfRow, int frames)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        ArgumentNullException.ThrowIfNull(labelsOfRow);
        var values = new long[(long)utterances.Count * frames];
        Array.Fill(values, SpeechBatchKeys.Ignore);
        for (int i = 0; i < utterances.Count; i++)
        {
            var u = utterances[i];
            var labels = labelsOfRow(i);
            int start = (labels.Length - u.Frames) / 2;
            if (start < 0) throw new ArgumentException($"utterance '{u.Utt}' has {u.Frames} frames but only {labels.Length} labels", nameof(labelsOfRow));
            if (u.Frames > frames) throw new ArgumentException($"utterance '{u.Utt}' has {u.Frames} frames, more than the {frames} padded to", nameof(utterances));
            for (int t = 0; t < u.Frames; t++) values[((long)i * frames) + t] = labels[start + t];
        }
        return values;
    }
}
