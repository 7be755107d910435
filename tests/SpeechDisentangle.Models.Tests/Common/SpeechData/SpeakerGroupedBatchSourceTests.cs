using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Tests.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Common.SpeechData;

[Collection("torch")]
public sealed class SpeakerGroupedBatchSourceTests
{
    public SpeakerGroupedBatchSourceTests() => TorchTestSetup.Init();

    /// <summary>Rows 0..N-1 with "row" = the row index and "speaker" = the speaker of each row.</summary>
    static Dictionary<string, Tensor> Rows(params long[] speakers) => new(StringComparer.Ordinal)
    {
        ["row"] = arange(speakers.Length, dtype: ScalarType.Int64),
        ["speaker"] = tensor(speakers),
    };

    static long[] Speakers(int count, int each) => [.. Enumerable.Range(0, count).SelectMany(s => Enumerable.Repeat((long)s, each))];

    [Fact]
    public void Batches_HoldPSpeakersWithKOwnUtterancesEach()
    {
        var speakers = Speakers(10, 6);
        using var source = new SpeakerGroupedBatchSource(Rows(speakers), "speaker", 4, 3);
        source.Count.Should().Be(5);
        using var generator = manual_seed(7);
        foreach (var batch in source.Batches(0, generator))
        {
            var rows = batch["row"].data<long>().ToArray();
            var labels = batch["speaker"].data<long>().ToArray();
            rows.Should().HaveCount(12);
            rows.Select(r => speakers[r]).Should().Equal(labels, "each row keeps its own speaker");
            labels.Chunk(3).Should().AllSatisfy(group => group.Distinct().Should().ContainSingle());
            labels.Distinct().Should().HaveCount(4);
            rows.Chunk(3).Should().AllSatisfy(group => group.Distinct().Should().HaveCount(3, "a speaker with enough utterances gives K different ones"));
        }
    }

    [Fact]
    public void Batches_WithContentPairs_GiveEachSpeakerTwoRenditionsOfEachOfKOver2Words()
    {
        // 6 speakers x 3 words x 3 renditions, and one row per speaker without content (-100) that is never paired.
        var speakers = new List<long>();
        var content = new List<long>();
        for (int s = 0; s < 6; s++)
        {
            for (int w = 0; w < 3; w++)
                for (int r = 0; r < 3; r++) { speakers.Add(s); content.Add(w); }
            speakers.Add(s);
            content.Add(-100);
        }
        var rows = Rows([.. speakers]);
        rows["content"] = tensor(content.ToArray());
        using var source = new SpeakerGroupedBatchSource(rows, "speaker", 3, 4, pairKey: "content");
        using var generator = manual_seed(2);
        foreach (var batch in source.Batches(0, generator))
        {
            var picked = batch["row"].data<long>().ToArray();
            picked.Chunk(4).Should().AllSatisfy(group =>
            {
                group.Distinct().Should().HaveCount(4, "two different renditions in each pair");
                var words = group.Select(r => content[(int)r]).ToArray();
                words.Should().NotContain(-100);
                (words[0] == words[2] && words[1] == words[3]).Should().BeTrue("first renditions, then second ones: every 2nd row (one rank of 2) holds whole pairs");
                words[0].Should().NotBe(words[1], "a speaker's pairs are of different words while it has enough");
            });
        }
    }

    [Fact]
    public void Batches_AnEpochWalksEverySpeakerAndRepeatsWithTheSeed()
    {
        using var source = new SpeakerGroupedBatchSource(Rows(Speakers(8, 4)), "speaker", 2, 2);
        List<long> Epoch(int seed)
        {
            using var g = manual_seed(seed);
            return [.. source.Batches(0, g).SelectMany(b => b["speaker"].data<long>().ToArray())];
        }
        var first = Epoch(3);
        first.Distinct().Should().HaveCount(8, "8 batches of 2 speakers walk a permutation of the 8 speakers");
        Epoch(3).Should().Equal(first);
        Epoch(4).Should().NotEqual(first);
    }

    [Fact]
    public void Batches_ASpeakerWithFewerThanKUtterancesRepeatsThem()
    {
        using var source = new SpeakerGroupedBatchSource(Rows(0, 0, 0, 0, 1), "speaker", 2, 3);
        using var g = manual_seed(1);
        var batch = source.Batches(0, g).Single();
        var rows = batch["row"].data<long>().ToArray();
        rows.Where(r => r == 4).Should().HaveCount(3, "speaker 1 has one utterance");
    }

    [Fact]
    public void Constructor_TooFewSpeakers_SaysHowMany()
    {
        var act = () => new SpeakerGroupedBatchSource(Rows(0, 1, 1), "speaker", 3, 2);
        act.Should().Throw<ArgumentException>().WithMessage("*3 speakers*has 2*");
    }
}
