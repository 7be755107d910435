using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.VoiceConversion.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.VoiceConversion.Data;

/// <summary>
/// Training batches of random fixed-length segments, cut afresh each epoch: "mel" [B, NMels, SegmentFrames],
/// "speaker" int64 [B] (seen-speaker ids), and "ref_mel", a segment of another utterance of the same speaker.
/// Utterances and cuts are drawn from the epoch's generator, so a resumed run sees the same batches.
/// Also carries the corpus, so the task's Evaluate can reach it through <see cref="TaskData.Train"/>.
/// </summary>
public sealed class VcSegmentSource : ISkippingBatchSource
{
    private readonly int _batchSize;
    private readonly Tensor[] _mels;
    private readonly long[] _speakers;
    private readonly int[][] _bySpeaker;
    private readonly StreamedUtterances? _streamed;

    public VcSegmentSource(VcCorpus corpus, VcDataOptions options, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be >= 1");
        Corpus = corpus;
        Options = options;
        _batchSize = batchSize;
        // Streamed: mels are made per batch from utterances read on the prefetch thread.
        _streamed = corpus.SeenTrain as StreamedUtterances;
        var train = StreamedUtterances.HeadersOf(corpus.SeenTrain);
        _mels = _streamed is null ? [.. train.Select(u => u.ToMel(options.FeatureOffset, options.FeatureScale))] : [];
        _speakers = [.. train.Select(u => (long)corpus.SpeakerId(u.Speaker))];
        _bySpeaker = [.. Enumerable.Range(0, corpus.SeenSpeakers.Count)
            .Select(s => Enumerable.Range(0, _speakers.Length).Where(i => _speakers[i] == s).ToArray())];
    }

    public VcCorpus Corpus { get; }
    public VcDataOptions Options { get; }

    public long Count => Options.BatchesPerEpoch;

    public IEnumerable<Batch> Batches(long epoch, Generator generator) => Batches(epoch, generator, 0);

    /// <summary>Streamed, the skipped batches are planned and their cuts drawn but nothing is read; in memory they are made and dropped.</summary>
    public IEnumerable<Batch> Batches(long epoch, Generator generator, long skip)
    {
        // One System.Random per epoch, seeded from the epoch's generator, drives picks and cuts alike.
        var random = new Random((int)randint(int.MaxValue, [1], generator: generator).item<long>());
        var segmenter = new RandomSegmenter(Options.SegmentFrames, random.Next());
        if (_streamed is not null)
        {
            foreach (var batch in Streamed(_streamed, random, segmenter, skip).Batches(epoch, generator, skip)) yield return batch;
            yield break;
        }
        for (long b = 0; b < Count; b++)
        {
            var (picks, refs) = Draw(random);
            if (b < skip)
            {
                using var scope = NewDisposeScope();
                Cut(segmenter, [.. picks.Select(i => _mels[i])], [.. refs.Select(i => _mels[i])], picks);
                continue;
            }
            yield return Cut(segmenter, [.. picks.Select(i => _mels[i])], [.. refs.Select(i => _mels[i])], picks);
        }
    }

    /// <summary>One batch's utterances: random picks, and for each another utterance of the same speaker.</summary>
    (int[] Picks, int[] Refs) Draw(Random random)
    {
        var picks = Enumerable.Range(0, _batchSize).Select(_ => random.Next(_speakers.Length)).ToArray();
        var refs = picks.Select(i =>
        {
            var same = _bySpeaker[_speakers[i]];
            return same.Length > 1 ? same.Where(j => j != i).ElementAt(random.Next(same.Length - 1)) : i;
        }).ToArray();
        return (picks, refs);
    }

    Batch Cut(RandomSegmenter segmenter, IReadOnlyList<Tensor> mels, IReadOnlyList<Tensor> refMels, int[] picks) => new()
    {
        [VcBatchKeys.Mel] = segmenter.CutBatch(mels),
        [VcBatchKeys.ReferenceMel] = segmenter.CutBatch(refMels),
        [VcBatchKeys.Speaker] = tensor(picks.Select(i => _speakers[i]).ToArray()),
    };

    /// <summary>
    /// The epoch's batches read from disk: all picks drawn first (the segmenter has its own random stream, so the
    /// cuts come out as in memory), utterances read on the prefetch thread, mels made and cut on the caller's.
    /// </summary>
    StreamingBatchSource<(int[] Picks, int[] Refs), SpeechUtterance[]> Streamed(StreamedUtterances train, Random random, RandomSegmenter segmenter, long skip) =>
        new(Count, Options.Loading.PrefetchBatches,
            (_, _) =>
            {
                var plans = Enumerable.Range(0, (int)Count).Select(_ => Draw(random)).ToList();
                // The cuts of skipped batches are drawn all the same, so the segmenter's stream stays where it would be.
                foreach (var (picks, refs) in plans.Take((int)skip))
                    foreach (int i in picks.Concat(refs)) segmenter.NextOffset(train.Headers[i].Frames);
                return plans;
            },
            train.Index.OpenReader,
            (reader, plan) => [.. plan.Picks.Concat(plan.Refs).Select(i => reader.Read(train.Headers[i]))],
            (utts, plan) =>
            {
                using var scope = NewDisposeScope();
                var mels = utts.Select(u => u.ToMel(Options.FeatureOffset, Options.FeatureScale)).ToArray();
                var batch = Cut(segmenter, mels[.._batchSize], mels[_batchSize..], plan.Picks);
                foreach (var t in batch.Values) t.MoveToOuterDisposeScope();
                return batch;
            });
}
