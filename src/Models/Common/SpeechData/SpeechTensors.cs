using SpeechDisentangle.Audio.Pipeline;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>Turns utterances into the padded tensors the speech models read (<see cref="SpeechBatchKeys"/>).</summary>
public static class SpeechTensors
{
    /// <summary>
    /// <paramref name="utterances"/> copied into one zero-padded [N, <paramref name="frames"/>, <paramref name="bins"/>]
    /// array, row by row, with their lengths (shared by the in-memory and the streamed batches, so both pad alike).
    /// </summary>
    internal static (float[] Feats, long[] Lengths) PadRows(IReadOnlyList<SpeechUtterance> utterances, int frames, int bins)
    {
        var feats = new float[(long)utterances.Count * frames * bins];
        var lengths = new long[utterances.Count];
        for (int i = 0; i < utterances.Count; i++)
        {
            var u = utterances[i];
            if (u.Bins != bins) throw new ArgumentException($"utterance '{u.Utt}' has {u.Bins} bins but '{utterances[0].Utt}' has {bins}", nameof(utterances));
            if (u.Feats.Length != u.Frames * u.Bins)
                throw new ArgumentException($"utterance '{u.Utt}' holds {u.Feats.Length} values, not {u.Frames} x {u.Bins}", nameof(utterances));
            if (u.Frames > frames) throw new ArgumentException($"utterance '{u.Utt}' has {u.Frames} frames, more than the {frames} padded to", nameof(utterances));
            Array.Copy(u.Feats, 0, feats, (long)i * frames * bins, u.Feats.Length);
            lengths[i] = u.Frames;
        }
        return (feats, lengths);
    }

    /// <summary>The speaker class of <paramref name="u"/>; a speaker missing from <paramref name="speakers"/> is an error.</summary>
    internal static long SpeakerLabel(SpeechUtterance u, LabelMap speakers) => speakers.TryIndexOf(u.Speaker)
        ?? throw new ArgumentException($"utterance '{u.Utt}' has speaker '{u.Speaker}', who is not in the speaker label map ({speakers.Count} speakers)", nameof(speakers));

    /// <summary>The content class of <paramref name="u"/>'s transcript, or <see cref="SpeechBatchKeys.Ignore"/> when it has none in <paramref name="content"/>.</summary>
    internal static long ContentLabelOf(SpeechUtterance u, LabelMap content, ContentMode mode) =>
        ContentLabel.Of(u.Text, mode) is string word && content.TryIndexOf(word) is int c ? c : SpeechBatchKeys.Ignore;

    /// <summary>
    /// Pads <paramref name="utterances"/> with zeros to the longest: "feats" [N, Tmax, F] float32, "lengths" [N],
    /// "speaker" [N] and "content" [N] int64. Content comes from <see cref="ContentLabel.Of(string, ContentMode)"/>; an utterance without
    /// a content label, or whose label is not in <paramref name="content"/>, gets <see cref="SpeechBatchKeys.Ignore"/>.
    /// A speaker missing from <paramref name="speakers"/> is an error (the speaker head would have no class for it).
    /// </summary>
    public static Dictionary<string, Tensor> Pad(IReadOnlyList<SpeechUtterance> utterances, LabelMap speakers, LabelMap content, ContentMode mode = ContentMode.Word)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        ArgumentNullException.ThrowIfNull(speakers);
        ArgumentNullException.ThrowIfNull(content);
        if (utterances.Count == 0) throw new ArgumentException("no utterances to pad", nameof(utterances));
        int bins = utterances[0].Bins;
        int maxFrames = utterances.Max(u => u.Frames);
        var (feats, lengths) = PadRows(utterances, maxFrames, bins);
        var speakerLabels = utterances.Select(u => SpeakerLabel(u, speakers)).ToArray();
        var contentLabels = utterances.Select(u => ContentLabelOf(u, content, mode)).ToArray();
        return new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            [SpeechBatchKeys.Feats] = tensor(feats, [utterances.Count, maxFrames, bins]),
            [SpeechBatchKeys.Lengths] = tensor(lengths),
            [SpeechBatchKeys.Speaker] = tensor(speakerLabels),
            [SpeechBatchKeys.Content] = tensor(contentLabels),
        };
    }
}
