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
public sealed class VcSegmentSource : IBatchSource
{
    private readonly int _batchSize;
    private readonly Tensor[] _mels;
    private readonly long[] _speakers;
    private readonly int[][] _bySpeaker;

    public VcSegmentSource(VcCorpus corpus, VcDataOptions options, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be >= 1");
        Corpus = corpus;
        Options = options;
        _batchSize = batchSize;
        _mels = [.. corpus.SeenTrain.Select(u => u.ToMel(options.FeatureOffset, options.FeatureScale))];
        _speakers = [.. corpus.SeenTrain.Select(u => (long)corpus.SpeakerId(u.Speaker))];
        _bySpeaker = [.. Enumerable.Range(0, corpus.SeenSpeakers.Count)
            .Select(s => Enumerable.Range(0, _speakers.Length).Where(i => _speakers[i] == s).ToArray())];
    }

    public VcCorpus Corpus { get; }
    public VcDataOptions Options { get; }

    public long Count => Options.BatchesPerEpoch;

    public IEnumerable<Batch> Batches(long epoch, Generator generator)
    {
        // One System.Random per epoch, seeded from the epoch's generator, drives picks and cuts alike.
        var random = new Random((int)randint(int.MaxValue, [1], generator: generator).item<long>());
        var segmenter = new RandomSegmenter(Options.SegmentFrames, random.Next());
        for (long b = 0; b < Count; b++)
        {
            var picks = Enumerable.Range(0, _batchSize).Select(_ => random.Next(_mels.Length)).ToArray();
            var refs = picks.Select(i =>
            {
                var same = _bySpeaker[_speakers[i]];
                return same.Length > 1 ? same.Where(j => j != i).ElementAt(random.Next(same.Length - 1)) : i;
            }).ToArray();
            yield return new Batch
            {
                [VcBatchKeys.Mel] = segmenter.CutBatch([.. picks.Select(i => _mels[i])]),
                [VcBatchKeys.ReferenceMel] = segmenter.CutBatch([.. refs.Select(i => _mels[i])]),
                [VcBatchKeys.Speaker] = tensor(picks.Select(i => _speakers[i]).ToArray()),
            };
        }
    }
}
