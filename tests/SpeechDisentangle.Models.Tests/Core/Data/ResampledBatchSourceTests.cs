using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Tests.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Data;

[Collection("torch")]
public class ResampledBatchSourceTests
{
    public ResampledBatchSourceTests() => TorchTestSetup.Init();

    static Dictionary<string, Tensor> Rows() => new() { ["x"] = arange(5).reshape(5, 1), ["y"] = arange(5) * 10 };

    static List<long[]> Epoch(ResampledBatchSource source, ulong seed, string key)
    {
        using var g = new Generator(seed);
        return source.Batches(0, g).Select(b => b.Get(key).data<long>().ToArray()).ToList();
    }

    [Fact]
    public void Batches_DrawRowsWithReplacement_KeysStayAlignedAndSeedRepeats()
    {
        var source = new ResampledBatchSource(Rows(), batchSize: 8, count: 6);

        var xs = Epoch(source, 3, "x");
        var ys = Epoch(source, 3, "y");

        source.Count.Should().Be(6);
        xs.Should().HaveCount(6).And.OnlyContain(b => b.Length == 8, "a batch may be larger than the set: rows repeat");
        xs.SelectMany(b => b).Should().OnlyContain(r => r >= 0 && r < 5);
        for (int i = 0; i < xs.Count; i++) ys[i].Should().Equal(xs[i].Select(r => r * 10), "every key takes the same rows");
        Epoch(source, 3, "x").Should().BeEquivalentTo(xs, o => o.WithStrictOrdering(), "the same generator seed draws the same batches");
        Epoch(source, 4, "x").SelectMany(b => b).Should().NotEqual(xs.SelectMany(b => b), "another seed draws other rows");
    }

    [Fact]
    public void Constructor_RowCountsDiffer_ThrowsNamingTheTensor()
    {
        var act = () => new ResampledBatchSource(new Dictionary<string, Tensor> { ["x"] = zeros(4, 2), ["y"] = zeros(3) }, batchSize: 2, count: 1);

        act.Should().Throw<ArgumentException>().WithMessage("*'y'*4 rows*");
    }
}
