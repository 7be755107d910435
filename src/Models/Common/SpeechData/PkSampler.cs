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

    /// <summary>
    /// The rows of <paramref name="count"/> batches, each of P x K rows (speaker by speaker). With
    /// <paramref name="contentOfRow"/> a speaker's K rows come in pairs that say the same thing (two renditions of one
    /// content class, -100 = none), so that speakers can be compared within a content (<see cref="PairedDraw"/>).
    /// </summary>
    public static IEnumerable<long[]> Batches(long[][] rowsBySpeaker, int speakersPerBatch, int utterancesPerSpeaker, long count, Generator generator,
        IReadOnlyList<long>? contentOfRow = null)
    {
        ArgumentNullException.ThrowIfNull(rowsBySpeaker);
        var speakerOrder = RandomOrder.Permutation(rowsBySpeaker.Length, generator);
        var repeatedBySpeaker = new Dictionary<long, long[][]>();  // grouped once per speaker, not on every draw
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
                var picked = contentOfRow is null
                    ? [.. Draw(own.Length, utterancesPerSpeaker, generator).Select(i => own[i])]
                    : PairedDraw(own, RepeatedContents(speaker, own, contentOfRow), utterancesPerSpeaker, generator);
                picked.CopyTo(rows, p * utterancesPerSpeaker);
            }
            yield return rows;
        }

        long[][] RepeatedContents(long speaker, long[] own, IReadOnlyList<long> content)
        {
            if (!repeatedBySpeaker.TryGetValue(speaker, out var groups))
                repeatedBySpeaker[speaker] = groups = [.. own.Where(r => content[(int)r] >= 0).GroupBy(r => content[(int)r])
                    .Where(g => g.Count() >= 2).OrderBy(g => g.Key).Select(g => g.ToArray())];
            return groups;
        }
    }

    /// <summary>
    /// <paramref name="k"/> of a speaker's rows as k / 2 pairs of the same content: <paramref name="repeated"/> (the
    /// speaker's rows of each content said twice or more, by content), in a
    /// random order (again from the start when there are fewer than k / 2), two random renditions of each; an odd k
    /// adds one row of any content. A speaker who says nothing twice gets a plain draw. The pairs' first renditions
    /// come first, then their second ones in the same order (c1 c2 c1' c2'), so the strided rows a data-parallel rank
    /// keeps (every N-th) hold whole pairs whenever N divides k / 2.
    /// </summary>
    static long[] PairedDraw(long[] own, long[][] repeated, int k, Generator generator)
    {
        if (repeated.Length == 0) return [.. Draw(own.Length, k, generator).Select(i => own[i])];
        int pairs = k / 2;
        var picked = new long[k];
        var order = RandomOrder.Permutation(repeated.Length, generator);
        for (int pair = 0; pair < pairs; pair++)
        {
            if (pair > 0 && pair % repeated.Length == 0) order = RandomOrder.Permutation(repeated.Length, generator);
            var renditions = repeated[order[pair % repeated.Length]];
            var two = RandomOrder.Permutation(renditions.Length, generator);
            picked[pair] = renditions[two[0]];
            picked[pairs + pair] = renditions[two[1]];
        }
        if (k % 2 == 1) picked[k - 1] = own[Draw(own.Length, 1, generator)[0]];
        return picked;
    }

    /// <summary><paramref name="k"/> of <paramref name="n"/> positions: without replacement when n &gt;= k.</summary>
    static long[] Draw(int n, int k, Generator generator)
    {
        if (n >= k) return RandomOrder.Permutation(n, generator)[..k];
        using var picks = randint(n, [k], generator: generator);
        return picks.data<long>().ToArray();
    }
}
