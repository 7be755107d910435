using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Models.Tests.Common.SpeechData.Streaming;

[Collection("torch")]
public sealed class DannStreamingTests : IDisposable
{
    readonly SyntheticFeatureDir _data = new(speakers: 6, repeats: 4);
    string Split => Path.Combine(_data.Root, "split");

    public DannStreamingTests()
    {
        TorchTestSetup.Init();
        DataSplit.Run(_data.Dir, Split, new DataSplitOptions { HeldSpeakers = 2, ValidFraction = 0, TestFraction = 0.3, Seed = 1 });
    }

    TaskData Load(string mode, params string[] sets)
    {
        var task = ModelRegistry.Get("dann-speech");
        var config = Experiment.LoadConfig("dann-speech", null, [$"data.loading.mode={mode}", "trainer.batch_size=4",
            "model_options.classes=3", "model_options.encoder.input_bins=6", "model_options.encoder.channels=[8]",
            "model_options.encoder.kernels=[3]", "model_options.encoder.dilations=[1]", .. sets]);
        var log = new StringWriter();
        var data = task.LoadData(Split, task.CompleteFromData(config, Split), log);
        log.ToString().Should().Contain($"data loading: {mode}");
        return data;
    }

    [Theory]
    [InlineData("data.max_frames=18", "model_options.source_only=false")]
    [InlineData("data.max_frames=0", "model_options.source_only=true")]
    public void StreamedSourceBatches_AreBitIdenticalToInMemoryOnes(string maxFrames, string sourceOnly)
    {
        using var memory = Load("memory", maxFrames, sourceOnly, "data.target_snr_db=10");
        using var stream = Load("stream", maxFrames, sourceOnly, "data.target_snr_db=10");
        stream.Train.GetType().Name.Should().StartWith("StreamingBatchSource");
        BatchEquality.AssertSame(memory.Train, stream.Train, epochs: 2);
    }

    [Fact]
    public void StreamedEpochStartedPartWay_GivesTheRemainingInMemoryBatches()
    {
        using var memory = Load("memory", "data.max_frames=18");
        using var stream = Load("stream", "data.max_frames=18");
        memory.Train.Count.Should().BeGreaterThan(2);
        BatchEquality.AssertSame(memory.Train, stream.Train, epochs: 2, skip: 2);
    }

    [Fact]
    public void EachRankReadsItsOwnRows_TheRowsRankSliceSourceCutsFromTheWholeBatch()
    {
        using var memory = Load("memory", "data.max_frames=18", "trainer.batch_size=6");
        using var stream = Load("stream", "data.max_frames=18", "trainer.batch_size=6");
        using (var generator = new TorchSharp.torch.Generator(1, TorchSharp.torch.CPU))
            memory.Train.Batches(0, generator).First()["domain"].shape[0].Should().Be(6, "3 source and 3 target rows, which two ranks share across the blocks");
        BatchEquality.AssertSameForEachRank(memory.Train, stream.Train);
    }

    public void Dispose() => _data.Dispose();
}
