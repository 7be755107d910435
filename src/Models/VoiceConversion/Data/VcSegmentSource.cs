using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Parallel;
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
public sealed class VcSegmentSource : ISkippingBatchSource, IRankSlicingSource
{
    private readonly int _batchSize;
    private readonly Tensor[] _mels;
    private readonly long[] _speakers;
    private readonly int[][] _bySpeaker;
    private readonly StreamingBatchSource<Plan, SpeechUtterance[]>? _stream;

    public VcSegmentSource(VcCorpus corpus, VcDataOptions options, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be >= 1");
        Corpus = corpus;
        Options = options;
        _batchSize = batchSize;
        // Streamed: mels are made per batch from utterances read on the prefetch thread.
        var streamed = corpus.SeenTrain as StreamedUtterances;
        var train = StreamedUtterances.HeadersOf(corpus.SeenTrain);
        _mels = streamed is null ? [.. train.Select(u => u.ToMel(options.FeatureOffset, options.FeatureScale))] : [];
        _speakers = [.. train.Select(u => (long)corpus.SpeakerId(u.Speaker))];
        _bySpeaker = [.. Enumerable.Range(0, corpus.SeenSpeakers.Count)
            .Select(s => Enumerable.Range(0, _speakers.Length).Where(i => _speakers[i] == s).ToArray())];
        _stream = streamed is null ? null : StreamedSource(streamed);
    }

    public VcCorpus Corpus { get; }
    public VcDataOptions Options { get; }

    public long Count => Options.BatchesPerEpoch;

    public IEnumerable<Batch> Batches(long epoch, Generator generator) => Batches(epoch, generator, 0);

    /// <summary>Streamed, the skipped batches are planned (picks and cuts drawn) but not read; in memory they are made and dropped.</summary>
    public IEnumerable<Batch> Batches(long epoch, Generator generator, long skip)
    {
        if (_stream is not null)
        {
            foreach (var batch in _stream.Batches(epoch, generator, skip)) yield return batch;
            yield break;
        }
        var (random, segmenter) = EpochRandom(generator);
        for (long b = 0; b < Count; b++)
        {
            var (picks, refs) = Draw(random);
            using var skipped = b < skip ? NewDisposeScope() : null;
            var batch = new Batch
            {
                [VcBatchKeys.Mel] = segmenter.CutBatch([.. picks.Select(i => _mels[i])]),
                [VcBatchKeys.ReferenceMel] = segmenter.CutBatch([.. refs.Select(i => _mels[i])]),
                [VcBatchKeys.Speaker] = tensor(picks.Select(i => _speakers[i]).ToArray()),
            };
            if (skipped is null) yield return batch;
        }
    }

    /// <summary>Streamed: each rank plans and reads only its rows; in memory: its rows of every whole batch.</summary>
    public IBatchSource ForRank(int rank, int ranks) => _stream?.ForRank(rank, ranks) ?? new RankSliceSource(this, rank, ranks);

    /// <summary>One System.Random per epoch, seeded from the epoch's generator, drives picks; the segmenter's own draws the cuts.</summary>
    static (Random Random, RandomSegmenter Segmenter) EpochRandom(Generator generator, int segmentFrames)
    {
        var random = new Random((int)randint(int.MaxValue, [1], generator: generator).item<long>());
        return (random, new RandomSegmenter(segmentFrames, random.Next()));
    }

    (Random Random, RandomSegmenter Segmenter) EpochRandom(Generator generator) => EpochRandom(generator, Options.SegmentFrames);

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

    /// <summary>A streamed batch: utterances (picks, then references) and where each segment starts.</summary>
    sealed record Plan(int[] Picks, int[] Refs, int[] PickStarts, int[] RefStarts);

    /// <summary>
    /// The streamed batches: picks and cut offsets are all drawn up front in the in-memory order (per batch: picks,
    /// references, then the cuts of the picks and of the references; the offsets need only the frame counts), the
    /// utterances are read on the prefetch thread, and mels are made and cut on the caller's.
    /// </summary>
    StreamingBatchSource<Plan, SpeechUtterance[]> StreamedSource(StreamedUtterances train) =>
        new(Count, Options.Loading.PrefetchBatches,
            (_, generator) =>
            {
                var (random, segmenter) = EpochRandom(generator);
                return [.. Enumerable.Range(0, (int)Count).Select(_ =>
                {
                    var (picks, refs) = Draw(random);
                    int[] Starts(int[] rows) => [.. rows.Select(i => segmenter.NextOffset(train.Headers[i].Frames))];
                    var pickStarts = Starts(picks);
                    return new Plan(picks, refs, pickStarts, Starts(refs));
                })];
            },
            train.Index.OpenReader,
            (reader, plan) => [.. plan.Picks.Concat(plan.Refs).Select(i => reader.Read(train.Headers[i]))],
            (utts, plan) =>
            {
                using var scope = NewDisposeScope();
                var segmenter = new RandomSegmenter(Options.SegmentFrames, 0);
                Tensor Cut(IEnumerable<SpeechUtterance> part, int[] starts) =>
                    stack([.. part.Zip(starts, (u, start) => segmenter.CutAt(u.ToMel(Options.FeatureOffset, Options.FeatureScale), start))]);
                var batch = new Batch
                {
                    [VcBatchKeys.Mel] = Cut(utts.Take(plan.Picks.Length), plan.PickStarts).MoveToOuterDisposeScope(),
                    [VcBatchKeys.ReferenceMel] = Cut(utts.Skip(plan.Picks.Length), plan.RefStarts).MoveToOuterDisposeScope(),
                    [VcBatchKeys.Speaker] = tensor(plan.Picks.Select(i => _speakers[i]).ToArray()).MoveToOuterDisposeScope(),
                };
                return batch;
            },
            Slice);

    /// <summary>Rank <paramref name="rank"/>'s rows: every ranks-th pick with its reference, as RankSliceSource cuts each tensor.</summary>
    static Plan Slice(Plan plan, int rank, int ranks)
    {
        RankSliceSource.CheckEven(VcBatchKeys.Mel, plan.Picks.Length, ranks);
        int[] Mine(int[] rows) => RankSliceSource.Strided(rows, rank, ranks);
        return new Plan(Mine(plan.Picks), Mine(plan.Refs), Mine(plan.PickStarts), Mine(plan.RefStarts));
    }
}
