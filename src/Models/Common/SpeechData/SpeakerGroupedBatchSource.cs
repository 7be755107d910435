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
    readonly long[]? _contentOfRow;

    /// <param name="tensors">Named tensors with the same rows; <paramref name="speakerKey"/> holds int64 speaker ids.</param>
    /// <param name="speakerKey">Which tensor holds the speaker of each row.</param>
    /// <param name="speakersPerBatch">P: speakers in each batch (at most the number of speakers).</param>
    /// <param name="utterancesPerSpeaker">K: utterances of each speaker in a batch.</param>
    /// <param name="pairKey">When given, the tensor (int64 per row, -100 = none) whose equal values a speaker's utterances come in pairs of (<see cref="PkSampler.Batches"/>).</param>
    public SpeakerGroupedBatchSource(IReadOnlyDictionary<string, Tensor> tensors, string speakerKey, int speakersPerBatch, int utterancesPerSpeaker,
        string? pairKey = null)
    {
        long rows = SharedRows.Of(tensors, nameof(tensors));
        ArgumentOutOfRangeException.ThrowIfLessThan(speakersPerBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(utterancesPerSpeaker, 1);
        if (!tensors.TryGetValue(speakerKey, out var speakers))
            throw new ArgumentException($"no '{speakerKey}' tensor to group batches by", nameof(tensors));
        using (var cpu = speakers.to(ScalarType.Int64).cpu())
        {
            _rowsBySpeaker = PkSampler.RowsBySpeaker(cpu.data<long>().ToArray());
        }
        PkSampler.CheckSpeakers(_rowsBySpeaker.Length, speakersPerBatch, nameof(speakersPerBatch));
        if (pairKey is not null)
        {
            if (!tensors.TryGetValue(pairKey, out var pairs)) throw new ArgumentException($"no '{pairKey}' tensor to pair utterances by", nameof(tensors));
            using var cpu = pairs.to(ScalarType.Int64).cpu();
            _contentOfRow = cpu.data<long>().ToArray();
        }
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
        foreach (var rows in PkSampler.Batches(_rowsBySpeaker, SpeakersPerBatch, UtterancesPerSpeaker, Count, generator, _contentOfRow))
        {
            using var index = tensor(rows);
            var batch = new Batch();
            foreach (var (name, t) in _data) batch[name] = t.index_select(0, index);
            yield return batch;
        }
    }

    public void Dispose()
    {
        foreach (var t in _data.Values) t.Dispose();
        _data.Clear();
    }
}
