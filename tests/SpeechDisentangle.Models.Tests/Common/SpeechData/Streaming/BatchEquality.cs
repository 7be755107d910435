using SpeechDisentangle.Models.Core.Data;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Common.SpeechData.Streaming;

/// <summary>Asserts that two batch sources give bit-identical batches for the same epoch generators.</summary>
internal static class BatchEquality
{
    public static void AssertSame(IBatchSource memory, IBatchSource stream, int epochs = 2, ulong seed = 11)
    {
        stream.Count.Should().Be(memory.Count);
        for (long epoch = 0; epoch < epochs; epoch++)
        {
            using var scope = NewDisposeScope();
            using var g1 = new Generator(seed + (ulong)epoch, CPU);
            using var g2 = new Generator(seed + (ulong)epoch, CPU);
            var a = memory.Batches(epoch, g1).ToList();
            var b = stream.Batches(epoch, g2).ToList();
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
