using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Parallel;
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
    /// <param name="skip">Start each streamed epoch part-way (<see cref="ISkippingBatchSource"/>), as a resumed run does.</param>
    public static void AssertSame(IBatchSource memory, IBatchSource stream, int epochs = 2, ulong seed = 11, int skip = 0)
    {
        stream.Count.Should().Be(memory.Count);
        for (long epoch = 0; epoch < epochs; epoch++)
        {
            using var scope = NewDisposeScope();
            using var g1 = new Generator(seed + (ulong)epoch, CPU);
            using var g2 = new Generator(seed + (ulong)epoch, CPU);
            var a = memory.Batches(epoch, g1).Skip(skip).ToList();
            var b = (skip == 0 ? stream.Batches(epoch, g2) : ((ISkippingBatchSource)stream).Batches(epoch, g2, skip)).ToList();
            a.Should().NotBeEmpty();
            b.Should().HaveCount(a.Count);
            for (int i = 0; i < a.Count; i++)
            {
                b[i].Keys.Should().BeEquivalentTo(a[i].Keys, $"batch {i} of epoch {epoch} has the same keys");
                foreach (var (key, t) in a[i])
                {
                    var s = b[i][key];
                    s.shape.Should().Equal(t.shape, $"'{key}' of batch {i}, epoch {epoch}");
                    s.dtype.Should().Be(t.dtype);
                    s.cpu().contiguous().bytes.ToArray().Should().Equal(t.cpu().contiguous().bytes.ToArray(), $"'{key}' of batch {i}, epoch {epoch} is bit-identical");
                }
            }
        }
    }
}
