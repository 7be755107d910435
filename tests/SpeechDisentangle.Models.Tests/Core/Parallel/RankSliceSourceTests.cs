using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Parallel;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Tests.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Parallel;

[Collection("torch")]
public sealed class RankSliceSourceTests
{
    public RankSliceSourceTests() => TorchTestSetup.Init();

    /// <summary>Rows 0..11 of "x" (value = row) and a 6-row "extra" tensor, as a source of batches of 6 rows shuffled per epoch.</summary>
    static TensorBatchSource Source() => new(new Dictionary<string, Tensor>
    {
        ["x"] = arange(12, dtype: ScalarType.Float32).unsqueeze(1),
        ["id"] = arange(12, dtype: ScalarType.Int64),
    }, batchSize: 6, shuffle: true);

    static List<long[]> Ids(IBatchSource source, long epoch) =>
        [.. source.Batches(epoch, new Generator(5)).Select(b => b.Get("id").data<long>().ToArray())];

    [Fact]
    public void Batches_ThreeRanks_EachTakesEveryThirdRowAndTogetherTheyHoldTheGlobalBatch()
    {
        using var source = Source();
        var global = Ids(source, epoch: 1);
        var ranks = Enumerable.Range(0, 3).Select(r => Ids(new RankSliceSource(source, r, 3), epoch: 1)).ToList();

        for (int b = 0; b < global.Count; b++)
        {
            for (int r = 0; r < 3; r++) ranks[r][b].Should().Equal(global[b].Where((_, i) => i % 3 == r));
            ranks.SelectMany(rank => rank[b]).Should().BeEquivalentTo(global[b]);
        }
        new RankSliceSource(source, 2, 3).Count.Should().Be(source.Count);
    }

    [Fact]
    public void Slice_BlocksOfSourceThenTargetRows_GivesEveryRankItsShareOfEachBlock()
    {
        var batch = new Batch { ["domain"] = tensor(new long[] { 0, 0, 0, 0, 1, 1, 1, 1 }), ["lambda"] = tensor(0.5f) };

        var mine = new RankSliceSource(new NoBatches(), 1, 2).Slice(batch);

        mine.Get("domain").data<long>().ToArray().Should().Equal(0, 0, 1, 1);
        mine.Get("lambda").item<float>().Should().Be(0.5f, "a 0-d tensor is passed on whole");
    }

    [Fact]
    public void Slice_RowsNotAMultipleOfTheRanks_ThrowsNamingTheTensorAndTheSetting()
    {
        var batch = new Batch { ["x"] = zeros(8, 2), ["xl"] = zeros(5, 2) };

        var act = () => new RankSliceSource(new NoBatches(), 0, 2).Slice(batch);

        act.Should().Throw<InvalidOperationException>()
            .WithMessage("data-parallel training over 2 ranks splits every batch evenly, but batch tensor 'xl' has 5 rows: make trainer.batch_size (and any other per-batch count of the model) a multiple of 2");
    }

    sealed class NoBatches : IBatchSource
    {
        public long Count => 1;
        public IEnumerable<Batch> Batches(long epoch, Generator generator) => [];
    }
}
