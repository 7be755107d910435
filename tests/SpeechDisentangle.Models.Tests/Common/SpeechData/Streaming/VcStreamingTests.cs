using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;
using SpeechDisentangle.Models.Tests.Core.Training;
using SpeechDisentangle.Models.VoiceConversion.Data;
using SpeechDisentangle.Models.VoiceConversion.Evaluation;

namespace SpeechDisentangle.Models.Tests.Common.SpeechData.Streaming;

[Collection("torch")]
public sealed class VcStreamingTests : IDisposable
{
    readonly SyntheticFeatureDir _data = new(speakers: 4, repeats: 3);

    public VcStreamingTests() => TorchTestSetup.Init();

    VcSegmentSource Source(string path, FeatureLoadingMode mode)
    {
        var options = new VcDataOptions
        {
            SegmentFrames = 20, BatchesPerEpoch = 6, UnseenSpeakers = 1,
            Loading = new FeatureLoadingOptions { Mode = mode, PrefetchBatches = 2 },
        };
        return new VcSegmentSource(VcCorpus.Load(path, options), options, batchSize: 4);
    }

    [Fact]
    public void StreamedSegments_OfAFlatDir_AreBitIdenticalToInMemoryOnes()
    {
        var memory = Source(_data.Dir, FeatureLoadingMode.Memory);
        var stream = Source(_data.Dir, FeatureLoadingMode.Stream);
        stream.Corpus.SeenTrain.Should().BeOfType<StreamedUtterances>();
        stream.Corpus.SeenTest.Select(u => u.Feats).Should().BeEquivalentTo(memory.Corpus.SeenTest.Select(u => u.Feats), o => o.WithStrictOrdering());
        stream.Corpus.Loading!.Mode.Should().Be(FeatureLoadingMode.Stream);
        BatchEquality.AssertSame(memory, stream, epochs: 2);
        BatchEquality.AssertSame(memory, stream, epochs: 1, skip: 4);
    }

    [Fact]
    public void StreamedSegments_OfASplitRoot_AreBitIdenticalToInMemoryOnes()
    {
        string split = Path.Combine(_data.Root, "split");
        DataSplit.Run(_data.Dir, split, new DataSplitOptions { HeldSpeakers = 1, ValidFraction = 0, TestFraction = 0.3, Seed = 1 });
        BatchEquality.AssertSame(Source(split, FeatureLoadingMode.Memory), Source(split, FeatureLoadingMode.Stream), epochs: 2);
    }

    [Fact]
    public void EachRankReadsItsOwnRows_TheRowsRankSliceSourceCutsFromTheWholeBatch()
    {
        var memory = Source(_data.Dir, FeatureLoadingMode.Memory);
        var stream = Source(_data.Dir, FeatureLoadingMode.Stream);
        BatchEquality.AssertSameForEachRank(memory, stream);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Evaluation_PicksTheSamePairsAndJudgeSets_StreamedAsInMemory(bool oneShot)
    {
        var memory = Source(_data.Dir, FeatureLoadingMode.Memory);
        var stream = Source(_data.Dir, FeatureLoadingMode.Stream);
        var memoryData = new VcEvalData(memory.Corpus, memory.Options);
        var streamData = new VcEvalData(stream.Corpus, stream.Options);

        var (memorySeen, memoryUnseen) = memoryData.ChoosePairs(memory.Corpus, 40, oneShot);
        var (streamSeen, streamUnseen) = streamData.ChoosePairs(stream.Corpus, 40, oneShot);

        static List<(string, string, string, string?)> Ids(List<VcEvalPair> pairs) =>
            [.. pairs.Select(p => (p.Source.Utt, p.Target, p.Reference.Utt, p.SameWord?.Utt))];
        memorySeen.Should().NotBeEmpty();
        Ids(streamSeen).Should().Equal(Ids(memorySeen));
        Ids(streamUnseen!).Should().Equal(Ids(memoryUnseen!));
        streamSeen.Concat(streamUnseen!).Should().AllSatisfy(p => p.SameWord?.Utt.Should().NotBe(p.Reference.Utt));
        streamData.JudgeTrain.Select(u => u.Utt).Should().Equal(memoryData.JudgeTrain.Select(u => u.Utt), "the streamed cap is above this corpus's utterances per speaker");
        var reference = streamSeen[0].Reference;
        reference.Feats.Should().BeEmpty("pairs are chosen from headers");
        streamData.Full(reference).Feats.Should().Equal(memoryData.Full(memorySeen[0].Reference).Feats);
    }

    public void Dispose() => _data.Dispose();
}
