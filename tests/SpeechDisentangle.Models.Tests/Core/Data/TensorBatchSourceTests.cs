using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Tests.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Data;

[Collection("torch")]
public class TensorBatchSourceTests
{
    public TensorBatchSourceTests() => TorchTestSetup.Init();

    static TensorBatchSource Source(bool shuffle, bool dropLast = false) =>
        new(new Dictionary<string, Tensor> { ["x"] = arange(10).reshape(10, 1), ["y"] = arange(10) * 10 }, batchSize: 4, shuffle, dropLast);

    static List<long[]> Epoch(TensorBatchSource source, long epoch, ulong seed, string key = "y")
    {
        using var g = new Generator(seed);
        return source.Batches(epoch, g).Select(b => b.Get(key).data<long>().ToArray()).ToList();
    }

    [Fact]
    public void Batches_NoShuffle_CutsInOrderWithShortLastBatch()
    {
        using var source = Source(shuffle: false);

        var batches = Epoch(source, 0, 1);

        source.Count.Should().Be(3);
        batches.Should().HaveCount(3);
        batches[0].Should().Equal(0, 10, 20, 30);
        batches[2].Should().Equal(80, 90);
    }

    [Fact]
    public void Batches_Shuffle_IsAPermutationRepeatableFromTheSeedAndKeepsRowsTogether()
    {
        using var source = Source(shuffle: true);

        var first = Epoch(source, 0, 42).SelectMany(b => b).ToList();
        var again = Epoch(source, 0, 42).SelectMany(b => b).ToList();
        var other = Epoch(source, 0, 43).SelectMany(b => b).ToList();
        var xs = Epoch(source, 0, 42, "x").SelectMany(b => b).ToList();

        first.Should().BeEquivalentTo(Enumerable.Range(0, 10).Select(i => i * 10L));
        again.Should().Equal(first);
        other.Should().NotEqual(first);
        xs.Select(v => v * 10).Should().Equal(first, "x and y rows must be shuffled together");
    }

    [Fact]
    public void Batches_DropLast_SkipsShortBatch()
    {
        using var source = Source(shuffle: false, dropLast: true);

        source.Count.Should().Be(2);
        Epoch(source, 0, 1).Should().HaveCount(2);
    }

    [Fact]
    public void Constructor_RowCountMismatch_ThrowsNamingTensor()
    {
        var act = () => new TensorBatchSource(new Dictionary<string, Tensor> { ["x"] = zeros(5, 2), ["y"] = zeros(4) }, batchSize: 2);

        act.Should().Throw<ArgumentException>().WithMessage("*'y' has 4 rows*5*");
    }
}
