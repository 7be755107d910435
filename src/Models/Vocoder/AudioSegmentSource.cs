using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Vocoder;

/// <summary>
/// Training batches of random audio segments of (SegmentFrames − 1) · hop samples, "audio" [B, L], with their raw
/// log-mel "mel" [B, NMels, SegmentFrames] computed here by the front end the vocoder inverts. Utterances and cuts are
/// drawn from the epoch's generator, so a resumed run sees the same batches; an utterance shorter than a segment is
/// tiled. Also carries the corpus, so the task's Evaluate can reach it through TaskData.Train.
/// </summary>
public sealed class AudioSegmentSource : IBatchSource, IDisposable
{
    private readonly int _batchSize;
    private readonly int _segmentSamples;
    private readonly TorchLogMel _logMel;

    public AudioSegmentSource(VocoderCorpus corpus, VocoderDataOptions options, MelSpec spec, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(spec);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be >= 1");
        if (corpus.Train.Count == 0) throw new InvalidDataException("the vocoder has no training utterances");
        Corpus = corpus;
        Options = options;
        Spec = spec;
        _batchSize = batchSize;
        _segmentSamples = (options.SegmentFrames - 1) * spec.HopLength;
        _logMel = new TorchLogMel(spec);
    }

    public VocoderCorpus Corpus { get; }
    public VocoderDataOptions Options { get; }
    public MelSpec Spec { get; }

    public long Count => Options.BatchesPerEpoch;

    public IEnumerable<Batch> Batches(long epoch, Generator generator)
    {
        // One System.Random per epoch, seeded from the epoch's generator, drives picks and cuts alike.
        var random = new Random((int)randint(int.MaxValue, [1], generator: generator).item<long>());
        for (long b = 0; b < Count; b++)
        {
            var rows = new float[_batchSize * _segmentSamples];
            for (int i = 0; i < _batchSize; i++)
                Cut(Corpus.Train[random.Next(Corpus.Train.Count)].Samples, random, rows.AsSpan(i * _segmentSamples, _segmentSamples));
            var audio = tensor(rows, [_batchSize, _segmentSamples]);
            Tensor mel;
            using (no_grad()) mel = _logMel.LogMel(audio);
            yield return new Batch { [VocoderObjective.AudioKey] = audio, [VocoderObjective.MelKey] = mel };
        }
    }

    /// <summary>A random window of <paramref name="samples"/> into <paramref name="into"/>; a short utterance is repeated to fill it.</summary>
    private static void Cut(float[] samples, Random random, Span<float> into)
    {
        if (samples.Length == 0) throw new InvalidDataException("an utterance has no samples");
        if (samples.Length >= into.Length)
        {
            samples.AsSpan(random.Next(samples.Length - into.Length + 1), into.Length).CopyTo(into);
            return;
        }
        for (int at = 0; at < into.Length; at += samples.Length)
            samples.AsSpan(0, Math.Min(samples.Length, into.Length - at)).CopyTo(into[at..]);
    }

    public void Dispose() => _logMel.Dispose();
}
