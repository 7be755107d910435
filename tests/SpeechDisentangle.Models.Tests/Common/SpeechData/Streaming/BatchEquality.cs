using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Parallel;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Common.SpeechData.Streaming;

/// <summary>Asserts that two batch sources give bit-identical batches for the same epoch generators.</summary>
internal static class BatchEquality
{
    /// <summary>
    /// Each rank's share of the streaming source is a streaming source of its own (it reads only its rows) and gives
    /// what <see cref="RankSliceSource"/> cuts from the in-memory batches.
    /// </summary>
    public static void AssertSameForEachRank(IBatchSource memory, IBatchSource stream, int ranks = 2)
    {
        for (int rank = 0; rank < ranks; rank++)
        {
            var mine = RankSliceSource.For(stream, rank, ranks);
            mine.GetType().Name.Should().StartWith("StreamingBatchSource", "a streaming source plans each rank's rows itself");
            AssertSame(new RankSliceSource(memory, rank, ranks), mine);
        }
    }

    /// <param name="memory">The in-memory source.</param>
    /// <param name="stream">The streaming source.</param>
    /// <param name="epochs">Epochs compared.</param>
    /// <param name="seed">Seed of the first epoch's generator.</param>
    /// <param name="skip">Start each streamed epoch part-way (<see cref="ISkippingBatchSource"/>), as a resumed run does;
    /// an in-memory source that skips too is checked the same way against its own whole epoch.</param>
    public static void AssertSame(IBatchSource memory, IBatchSource stream, int epochs = 2, ulong seed = 11, int skip = 0)
    {
        stream.Count.Should().Be(memory.Count);
        for (long epoch = 0; epoch < epochs; epoch++)
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator(seed + (ulong)epoch, CPU);
            var a = memory.Batches(epoch, generator).Skip(skip).ToList();
            a.Should().NotBeEmpty();
            Compare(a, Started(stream, epoch, seed + (ulong)epoch, skip), epoch, "streamed");
            if (skip > 0 && memory is ISkippingBatchSource) Compare(a, Started(memory, epoch, seed + (ulong)epoch, skip), epoch, "in memory, skipped");
        }
    }

    static List<Batch> Started(IBatchSource source, long epoch, ulong seed, int skip)
    {
        using var generator = new Generator(seed, CPU);
        return [.. skip == 0 ? source.Batches(epoch, generator) : ((ISkippingBatchSource)source).Batches(epoch, generator, skip)];
    }

    static void Compare(List<Batch> expected, List<Batch> actual, long epoch, string how)
    {
        actual.Should().HaveCount(expected.Count, how);
        for (int i = 0; i < expected.Count; i++)
        {
            actual[i].Keys.Should().BeEquivalentTo(expected[i].Keys, $"batch {i} of epoch {epoch} ({how}) has the same keys");
            foreach (var (key, t) in expected[i])
            {
                var s = actual[i][key];
                s.shape.Should().Equal(t.shape, $"'{key}' of batch {i}, epoch {epoch} ({how})");
                s.dtype.Should().Be(t.dtype);
                s.cpu().contiguous().bytes.ToArray().Should().Equal(t.cpu().contiguous().bytes.ToArray(), $"'{key}' of batch {i}, epoch {epoch} ({how}) is bit-identical");
            }
        }
    }
}
