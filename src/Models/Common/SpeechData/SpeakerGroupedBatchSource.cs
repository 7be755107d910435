using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>
/// Batches of P speakers with K utterances each (the "PK" sampling of speaker-verification training). A speaker
/// adversary that compares speakers' mean embeddings within a batch needs several utterances of each speaker in it:
/// with a hundred speakers and plain shuffled batches of 64, most speakers appear once and their mean is the one
/// utterance, so there is no between-speaker share to lower. Each epoch walks a fresh permutation of the speakers
/// (so every speaker comes up about equally often) and draws each speaker's K utterances without replacement
/// (with replacement for a speaker with fewer than K). Owns copies of its tensors (CPU).
/// </summary>
public sealed class SpeakerGroupedBatchSource : IBatchSource, IDisposable
{
    readonly Dictionary<string, Tensor> _data = new(StringComparer.Ordinal);
    readonly long[][] _rowsBySpeaker;

    /// <param name="tensors">Named tensors with the same rows; <paramref name="speakerKey"/> holds int64 speaker ids.</param>
    /// <param name="speakerKey">Which tensor holds the speaker of each row.</param>
    /// <param name="speakersPerBatch">P: speakers in each batch (at most the number of speakers).</param>
    /// <param name="utterancesPerSpeaker">K: utterances of each speaker in a batch.</param>
    public SpeakerGroupedBatchSource(IReadOnlyDictionary<string, Tensor> tensors, string speakerKey, int speakersPerBatch, int utterancesPerSpeaker)
    {
        long rows = SharedRows.Of(tensors, nameof(tensors));
        ArgumentOutOfRangeException.ThrowIfLessThan(speakersPerBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(utterancesPerSpeaker, 1);
        if (!tensors.TryGetValue(speakerKey, out var speakers))
            throw new ArgumentException($"no '{speakerKey}' tensor to group batches by", nameof(tensors));
        using (var cpu = speakers.to(ScalarType.Int64).cpu())
        {
            _rowsBySpeaker = [.. cpu.data<long>().ToArray()
                .Select((speaker, row) => (speaker, row: (long)row))
                .GroupBy(x => x.speaker)
                .OrderBy(g => g.Key)
                .Select(g => g.Select(x => x.row).ToArray())];
        }
        if (_rowsBySpeaker.Length < speakersPerBatch)
            throw new ArgumentException($"a batch of {speakersPerBatch} speakers needs as many speakers; the data has {_rowsBySpeaker.Length}", nameof(speakersPerBatch));
        foreach (var (name, t) in tensors)
        {
            var copy = t.detach().cpu().clone();
            copy.DetachFromDisposeScope();
            _data[name] = copy;
        }
        SpeakersPerBatch = speakersPerBatch;
        UtterancesPerSpeaker = utterancesPerSpeaker;
        Count = Math.Max(1, rows / ((long)speakersPerBatch * utterancesPerSpeaker));
    }

    public int SpeakersPerBatch { get; }
    public int UtterancesPerSpeaker { get; }

    /// <summary>As many batches as the rows fill (at least one).</summary>
    public long Count { get; }

    public IEnumerable<Batch> Batches(long epoch, Generator generator)
    {
        var speakerOrder = Permutation(_rowsBySpeaker.Length, generator);
        int next = 0;
        for (long b = 0; b < Count; b++)
        {
            var rows = new long[SpeakersPerBatch * UtterancesPerSpeaker];
            var inBatch = new HashSet<long>();
            for (int p = 0; p < SpeakersPerBatch; p++)
            {
                if (next == speakerOrder.Length)
                {
                    // A new walk that starts inside a batch puts this batch's speakers last, so none comes twice.
                    speakerOrder = [.. Permutation(_rowsBySpeaker.Length, generator).OrderBy(inBatch.Contains)];
                    next = 0;
                }
                long speaker = speakerOrder[next++];
                inBatch.Add(speaker);
                var own = _rowsBySpeaker[speaker];
                var picks = Draw(own.Length, UtterancesPerSpeaker, generator);
                for (int k = 0; k < UtterancesPerSpeaker; k++) rows[(p * UtterancesPerSpeaker) + k] = own[picks[k]];
            }
            using var index = tensor(rows);
            var batch = new Batch();
            foreach (var (name, t) in _data) batch[name] = t.index_select(0, index);
            yield return batch;
        }
    }

    static long[] Permutation(long n, Generator generator)
    {
        using var order = randperm(n, generator: generator);
        return order.data<long>().ToArray();
    }

    /// <summary><paramref name="k"/> of <paramref name="n"/> positions: without replacement when n &gt;= k.</summary>
    static long[] Draw(int n, int k, Generator generator)
    {
        if (n >= k) return Permutation(n, generator)[..k];
        using var picks = randint(n, [k], generator: generator);
        return picks.data<long>().ToArray();
    }

    public void Dispose()
    {
        foreach (var t in _data.Values) t.Dispose();
        _data.Clear();
    }
}
