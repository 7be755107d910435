using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>
/// The rows of "PK" batches (P speakers, K utterances each), as <see cref="SpeakerGroupedBatchSource"/> describes,
/// drawn from the epoch generator. Shared by the in-memory and the streaming source so both draw the same rows.
/// </summary>
public static class PkSampler
{
    /// <summary>Row indices grouped by speaker id (ascending ids; rows in order).</summary>
    public static long[][] RowsBySpeaker(IEnumerable<long> speakerOfRow)
    {
        ArgumentNullException.ThrowIfNull(speakerOfRow);
        return [.. speakerOfRow
            .Select((speaker, row) => (speaker, row: (long)row))
            .GroupBy(x => x.speaker)
            .OrderBy(g => g.Key)
            .Select(g => g.Select(x => x.row).ToArray())];
    }

    /// <summary>Throws when <paramref name="speakersPerBatch"/> is more than the <paramref name="speakers"/> the data has.</summary>
    public static void CheckSpeakers(int speakers, int speakersPerBatch, string paramName)
    {
        if (speakers < speakersPerBatch)
            throw new ArgumentException($"a batch of {speakersPerBatch} speakers needs as many speakers; the data has {speakers}", paramName);
    }

    /// <summary>The rows of <paramref name="count"/> batches, each of P x K rows (speaker by speaker).</summary>
    public static IEnumerable<long[]> Batches(long[][] rowsBySpeaker, int speakersPerBatch, int utterancesPerSpeaker, long count, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(rowsBySpeaker);
        var speakerOrder = RandomOrder.Permutation(rowsBySpeaker.Length, generator);
        int next = 0;
        for (long b = 0; b < count; b++)
        {
            var rows = new long[speakersPerBatch * utterancesPerSpeaker];
            var inBatch = new HashSet<long>();
            for (int p = 0; p < speakersPerBatch; p++)
            {
                if (next == speakerOrder.Length)
                {
                    // A new walk that starts inside a batch puts this batch's speakers last, so none comes twice.
                    speakerOrder = [.. RandomOrder.Permutation(rowsBySpeaker.Length, generator).OrderBy(inBatch.Contains)];
                    next = 0;
                }
                long speaker = speakerOrder[next++];
                inBatch.Add(speaker);
                var own = rowsBySpeaker[speaker];
                var picks = Draw(own.Length, utterancesPerSpeaker, generator);
                for (int k = 0; k < utterancesPerSpeaker; k++) rows[(p * utterancesPerSpeaker) + k] = own[picks[k]];
            }
            yield return rows;
        }
    }

    /// <summary><paramref name="k"/> of <paramref name="n"/> positions: without replacement when n &gt;= k.</summary>
    static long[] Draw(int n, int k, Generator generator)
    {
        if (n >= k) return RandomOrder.Permutation(n, generator)[..k];
        using var picks = randint(n, [k], generator: generator);
        return picks.data<long>().ToArray();
    }
}
