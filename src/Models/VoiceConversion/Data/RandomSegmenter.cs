using static TorchSharp.torch;

namespace SpeechDisentangle.Models.VoiceConversion.Data;

/// <summary>
/// Cuts fixed-length random segments [NMels, SegmentFrames] out of variable-length log-mels [NMels, T]
/// (channels-first), with its own seeded generator so the same seed gives the same cuts.
/// Utterances shorter than a segment are tiled (repeated) to length, which keeps their spectral statistics.
/// </summary>
public sealed class RandomSegmenter
{
    private readonly Random _random;

    public RandomSegmenter(int segmentFrames, int seed)
    {
        if (segmentFrames <= 0) throw new ArgumentOutOfRangeException(nameof(segmentFrames), segmentFrames, "must be > 0");
        SegmentFrames = segmentFrames;
        _random = new Random(seed);
    }

    public int SegmentFrames { get; }

    /// <summary>A random start frame for an utterance of <paramref name="utteranceFrames"/> frames (0 when too short).</summary>
    public int NextOffset(int utteranceFrames)
    {
        if (utteranceFrames <= 0) throw new ArgumentOutOfRangeException(nameof(utteranceFrames), utteranceFrames, "must be > 0");
        return utteranceFrames <= SegmentFrames ? 0 : _random.Next(utteranceFrames - SegmentFrames + 1);
    }

    /// <summary>One random segment [NMels, SegmentFrames] of a log-mel [NMels, T].</summary>
    public Tensor Cut(Tensor logMel)
    {
        if (logMel.dim() != 2)
            throw new ArgumentException($"expected a log-mel [NMels, T], got [{string.Join(", ", logMel.shape)}]");
        var frames = (int)logMel.shape[1];
        if (frames == 0) throw new ArgumentException("cannot cut a segment from an utterance with 0 frames");
        return CutAt(logMel, NextOffset(frames));
    }

    /// <summary>The segment [NMels, SegmentFrames] of a log-mel [NMels, T] that starts at <paramref name="start"/> (a <see cref="NextOffset"/>), tiled when too short.</summary>
    public Tensor CutAt(Tensor logMel, int start)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        var frames = (int)logMel.shape[1];
        if (frames >= SegmentFrames) return logMel.narrow(1, start, SegmentFrames).clone();
        var repeats = (SegmentFrames + frames - 1) / frames;
        using var tiled = logMel.repeat(1, repeats);
        return tiled.narrow(1, 0, SegmentFrames).clone();
    }

    /// <summary>One random segment from each utterance, stacked: [B, NMels, SegmentFrames].</summary>
    public Tensor CutBatch(IReadOnlyList<Tensor> logMels)
    {
        ArgumentNullException.ThrowIfNull(logMels);
        if (logMels.Count == 0) throw new ArgumentException("need at least one utterance");
        using var scope = NewDisposeScope();
        var segments = logMels.Select(Cut).ToArray();
        return stack(segments).MoveToOuterDisposeScope();
    }
}
