using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;
using SpeechDisentangle.Models.Core.Parallel;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// The streaming twin of <see cref="SpeechDomainBatchSource"/>: source utterances (train/) are read on the prefetch
/// thread and prepared there, target utterances come from memory. Rows are drawn as <see cref="DomainBatchSource"/>
/// draws them (one permutation per domain per epoch) and each batch is padded to its longest utterance (known from the
/// headers before anything is read), so the same seed gives bit-identical batches; under MPI each rank plans and reads
/// only the rows <see cref="Core.Parallel.RankSliceSource"/> would give it.
/// </summary>
public static class StreamingSpeechDomainSource
{
    /// <summary>One batch's rows (source, then target) and the frames it is padded to (its whole batch's longest).</summary>
    public sealed record Plan(long[] Source, long[] Target, int Frames);

    /// <summary>One batch read into arrays: source rows, then target rows.</summary>
    public sealed record Rows(float[] Feats, long[] Lengths, long[] Content, int SourceRows, int Frames, int Bins);

    /// <param name="domains">Domains whose source is streamed (<see cref="SpeechDomains.StreamedSource"/>).</param>
    /// <param name="sourceOnly">Leave the target rows out (the baseline).</param>
    /// <param name="sourcePerBatch">Source rows per batch (target rows: as many).</param>
    /// <param name="prefetch">Batches read ahead.</param>
    public static StreamingBatchSource<Plan, Rows> Create(SpeechDomains domains, bool sourceOnly, int sourcePerBatch, int prefetch)
    {
        ArgumentNullException.ThrowIfNull(domains);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourcePerBatch, 1);
        var source = domains.StreamedSource ?? throw new ArgumentException("the source domain was loaded into memory, not streamed", nameof(domains));
        var target = sourceOnly ? null : domains.TargetAdapt;
        var labels = source.Headers.Select(u => (long)domains.Content.IndexOf(ContentLabel.Of(u.Text)!)).ToArray();
        long ns = source.Count, smaller = Math.Min(ns, target?.Count ?? long.MaxValue);
        if (smaller < sourcePerBatch)
            throw new ArgumentException($"each domain needs at least {sourcePerBatch} examples for one batch (the {(smaller == ns ? "source" : "target")} domain has {smaller})", nameof(sourcePerBatch));
        long count = smaller / sourcePerBatch;
        int bins = source.Headers[0].Bins;

        int FramesOf(long[] s, long[] t) => Math.Max(s.Max(i => Math.Min(source.Headers[(int)i].Frames, domains.MaxFrames)),
            t.Length == 0 ? 0 : t.Max(i => target![(int)i].Frames));

        IReadOnlyList<Plan> Draw(long epoch, Generator generator)
        {
            var s = RandomOrder.Permutation(ns, generator);
            var t = RandomOrder.Permutation(target?.Count ?? 1, generator);
            return [.. Enumerable.Range(0, (int)count).Select(b =>
            {
                var rows = s[(b * sourcePerBatch)..((b + 1) * sourcePerBatch)];
                var others = target is null ? [] : t[(b * sourcePerBatch)..((b + 1) * sourcePerBatch)];
                return new Plan(rows, others, FramesOf(rows, others));
            })];
        }

        Rows Read(UtteranceReader reader, Plan plan)
        {
            var utts = plan.Source.Select(i => domains.Prepare(reader.Read(source.Headers[(int)i])))
                .Concat(plan.Target.Select(i => target![(int)i])).ToList();
            int frames = plan.Frames;
            if (utts.Max(u => u.Frames) != frames)
                throw new InvalidDataException($"{source.Index.Directory}: a batch planned for {frames} frames has {utts.Max(u => u.Frames)}; the features changed during training");
            var (feats, lengths) = SpeechTensors.PadRows(utts, frames, bins);
            var content = plan.Source.Select(i => labels[i]).Concat(plan.Target.Select(_ => SpeechBatchKeys.Ignore)).ToArray();
            return new Rows(feats, lengths, content, plan.Source.Length, frames, bins);
        }

        return new StreamingBatchSource<Plan, Rows>(count, prefetch, Draw, source.Index.OpenReader, Read, (rows, _) => ToBatch(rows), Slice);
    }

    /// <summary>Rank <paramref name="rank"/>'s rows: every ranks-th row of source-then-target, padded as the whole batch.</summary>
    static Plan Slice(Plan plan, int rank, int ranks)
    {
        RankSliceSource.CheckEven(SpeechBatchKeys.Feats, plan.Source.Length + plan.Target.Length, ranks);
        return new Plan(RankSliceSource.Strided(plan.Source, rank, ranks),
            RankSliceSource.Strided(plan.Target, rank, ranks, offset: plan.Source.Length), plan.Frames);
    }

    static Batch ToBatch(Rows rows)
    {
        int n = rows.Lengths.Length;
        var domain = new long[n];
        for (int i = rows.SourceRows; i < n; i++) domain[i] = 1;
        return new Batch
        {
            [SpeechBatchKeys.Feats] = tensor(rows.Feats, [n, rows.Frames, rows.Bins]),
            [SpeechBatchKeys.Lengths] = tensor(rows.Lengths),
            [SpeechBatchKeys.Content] = tensor(rows.Content),
            [DomainBatchSource.DomainKey] = tensor(domain),
        };
    }

}
