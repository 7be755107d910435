using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Core.Parallel;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.SpeechData.Streaming;

/// <summary>
/// Streamed training batches of padded utterances ("feats" [B, T, F], "lengths", "speaker", "content", and
/// "frame_content" [B, T] when frame labels are given), the
/// streaming twin of a <see cref="Core.Data.TensorBatchSource"/> (shuffled, last partial batch dropped) or a
/// <see cref="SpeakerGroupedBatchSource"/> over <see cref="SpeechTensors.Pad"/> of the same utterances: the same seed
/// gives bit-identical batches. Like the padded set, every batch is padded to the longest (cropped) utterance of the
/// whole set, so T is the same in both paths.
/// </summary>
public static class StreamingSpeechSource
{
    /// <summary>One batch read into arrays (<paramref name="FrameContent"/>: [B, Frames] labels, or null).</summary>
    public sealed record Rows(float[] Feats, long[] Lengths, long[] Speakers, long[] Content, int Frames, int Bins, long[]? FrameContent = null);

    /// <param name="train">A streamed data dir (<see cref="FeatureIndex.Load"/>).</param>
    /// <param name="speakers">Speaker classes (every speaker of <paramref name="train"/> must be one).</param>
    /// <param name="content">Content classes; utterances without one get <see cref="SpeechBatchKeys.Ignore"/>.</param>
    /// <param name="mode">How content labels are read from transcripts.</param>
    /// <param name="maxFrames">Crop longer utterances to their central frames (int.MaxValue: keep all).</param>
    /// <param name="batchSize">Utterances per batch.</param>
    /// <param name="speakersPerBatch">0 = plain shuffled batches; else P speakers with batchSize / P utterances each.</param>
    /// <param name="prefetch">Batches read ahead.</param>
    /// <param name="contentPairs">With speakers per batch: a speaker's utterances come in pairs of one content class (<see cref="PkSampler.Batches"/>).</param>
    /// <param name="frameContent">
    /// Per-frame content labels by utterance id, one per (uncropped) feature frame, kept in memory; null: no
    /// "frame_content". Cut and padded with the features (<see cref="FrameContentRows.Pad"/>).
    /// </param>
    public static StreamingBatchSource<long[], Rows> Create(FeatureDataDir train, LabelMap speakers, LabelMap content, ContentMode mode,
        int maxFrames, int batchSize, int speakersPerBatch, int prefetch, IReadOnlyDictionary<string, int[]>? frameContent = null, bool contentPairs = false)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(speakers);
        ArgumentNullException.ThrowIfNull(content);
        var index = train.Index ?? throw new ArgumentException($"{train.Directory} was loaded into memory, not indexed for streaming", nameof(train));
        var utts = train.Utterances;
        long n = utts.Count;
        var speakerOf = utts.Select(u => SpeechTensors.SpeakerLabel(u, speakers)).ToArray();
        var contentOf = utts.Select(u => SpeechTensors.ContentLabelOf(u, content, mode)).ToArray();
        var labelsOf = frameContent is null ? null : utts.Select(u => frameContent.TryGetValue(u.Utt, out var l) ? l
            : throw new ArgumentException($"utterance '{u.Utt}' of {train.Directory} has no frame labels (data.frame_labels must cover every utterance of train/)", nameof(frameContent))).ToArray();
        int frames = utts.Max(u => Math.Min(u.Frames, maxFrames));
        int bins = train.Bins;

        long count;
        Func<long, Generator, IReadOnlyList<long[]>> plan;
        if (speakersPerBatch == 0)
        {
            count = Math.Max(1, n / batchSize);
            plan = (_, generator) =>
            {
                var rows = RandomOrder.Permutation(n, generator);
                return [.. Enumerable.Range(0, (int)count).Select(b => rows[(b * batchSize)..(int)Math.Min(n, ((long)b * batchSize) + batchSize)])];
            };
        }
        else
        {
            int k = batchSize / speakersPerBatch;
            var bySpeaker = PkSampler.RowsBySpeaker(speakerOf);
            PkSampler.CheckSpeakers(bySpeaker.Length, speakersPerBatch, nameof(speakersPerBatch));
            count = Math.Max(1, n / ((long)speakersPerBatch * k));
            var pairBy = contentPairs ? contentOf : null;
            plan = (_, generator) => [.. PkSampler.Batches(bySpeaker, speakersPerBatch, k, count, generator, pairBy)];
        }

        Rows Read(UtteranceReader reader, long[] rows)
        {
            SpeechUtterance[] read = [.. rows.Select(r => reader.Read(utts[(int)r], maxFrames))];
            var (feats, lengths) = SpeechTensors.PadRows(read, frames, bins);
            // Row i of the batch is utterance rows[i]: its labels, cut as its features were.
            var frameRows = labelsOf is null ? null : FrameContentRows.Pad(read, i => labelsOf[rows[i]], frames);
            return new Rows(feats, lengths, [.. rows.Select(r => speakerOf[r])], [.. rows.Select(r => contentOf[r])], frames, bins, frameRows);
        }

        // Every key is per row, so a rank's share is its strided rows, padded as the whole batch is.
        static long[] Slice(long[] rows, int rank, int ranks)
        {
            RankSliceSource.CheckEven(SpeechBatchKeys.Feats, rows.Length, ranks);
            return RankSliceSource.Strided(rows, rank, ranks);
        }
        return new StreamingBatchSource<long[], Rows>(count, prefetch, plan, index.OpenReader, Read, (r, _) => ToBatch(r), Slice);
    }

    /// <summary>The batch's tensors (in the caller's dispose scope).</summary>
    public static Batch ToBatch(Rows rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var batch = new Batch
        {
            [SpeechBatchKeys.Feats] = tensor(rows.Feats, [rows.Lengths.Length, rows.Frames, rows.Bins]),
            [SpeechBatchKeys.Lengths] = tensor(rows.Lengths),
            [SpeechBatchKeys.Speaker] = tensor(rows.Speakers),
            [SpeechBatchKeys.Content] = tensor(rows.Content),
        };
        if (rows.FrameContent is not null) batch[SpeechBatchKeys.FrameContent] = tensor(rows.FrameContent, [rows.Lengths.Length, rows.Frames]);
        return batch;
    }
}
