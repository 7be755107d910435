using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;
using SpeechDisentangle.Models.Tests.Core.Training;
using SpeechDisentangle.Models.VoiceConversion.Data;

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

    public void Dispose() => _data.Dispose();
}
