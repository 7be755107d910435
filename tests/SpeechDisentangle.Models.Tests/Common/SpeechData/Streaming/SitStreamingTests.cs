using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;
using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Parallel;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Sit;
using SpeechDisentangle.Models.Tests.Core.Training;
using SpeechDisentangle.Models.Tests.Sit;

namespace SpeechDisentangle.Models.Tests.Common.SpeechData.Streaming;

[Collection("torch")]
public sealed class SitStreamingTests : IDisposable
{
    readonly SyntheticFeatureDir _data;
    string Split => Path.Combine(_data.Root, "split");

    public SitStreamingTests()
    {
        TorchTestSetup.Init();
        _data = new SyntheticFeatureDir(speakers: 6, repeats: 4);
        SitFrameLevelFixture.WriteLabels(_data); // read only by the frame-level tests (FrameLevel)
        DataSplit.Run(_data.Dir, Split, new DataSplitOptions { HeldSpeakers = 2, ValidFraction = 0.15, TestFraction = 0.3, Seed = 1 });
    }

    TaskData Load(string mode, params string[] sets)
    {
        var task = ModelRegistry.Get("sit");
        var config = Experiment.LoadConfig("sit", null, [.. sets, $"data.loading.mode={mode}", "trainer.batch_size=8",
            "model_options.encoder.input_bins=6", "model_options.encoder.channels=[8]", "model_options.encoder.kernels=[3]", "model_options.encoder.dilations=[1]"]);
        config = task.CompleteFromData(config, Split);
        return task.LoadData(Split, config);
    }

    // Frame-level SIT: per-frame phone labels from data.frame_labels ride along as "frame_content".
    static readonly string[] FrameLevel = ["model_options.frame_level_content=true", "data.frame_labels=../labels/frame_labels.txt"];

    [Theory]
    [InlineData("data.train_max_frames=0", "data.speakers_per_batch=0")]
    [InlineData("data.train_max_frames=17", "data.speakers_per_batch=0")]
    [InlineData("data.train_max_frames=17", "data.speakers_per_batch=2")]
    [InlineData("data.train_max_frames=0", "data.speakers_per_batch=2")]
    public void StreamedFrameLevelBatches_CarryTheFrameContentOfInMemoryOnes_BitForBit(string crop, string speakersPerBatch)
    {
        using var memory = Load("memory", [.. FrameLevel, crop, speakersPerBatch]);
        using var stream = Load("stream", [.. FrameLevel, crop, speakersPerBatch]);
        stream.Train.GetType().Name.Should().StartWith("StreamingBatchSource");
        FirstBatchKeys(memory.Train).Should().Contain(SpeechBatchKeys.FrameContent, "the comparison must cover the frame labels");
        BatchEquality.AssertSame(memory.Train, stream.Train, epochs: 2);
    }

    [Fact]
    public void StreamedFrameLevelBatches_AreTheInMemoryOnes_WhenResumedPartWayAndForEachRank()
    {
        string[] sets = [.. FrameLevel, "data.train_max_frames=17", "data.speakers_per_batch=2"];
        using var memory = Load("memory", sets);
        using var stream = Load("stream", sets);
        memory.Train.Count.Should().BeGreaterThan(2);
        BatchEquality.AssertSame(memory.Train, stream.Train, epochs: 2, skip: 2);
        BatchEquality.AssertSameForEachRank(memory.Train, stream.Train);
    }

    [Fact]
    public void StreamedFrameContent_HasAPhoneOnEveryRealFrame_AndIgnoreOnPadding()
    {
        using var stream = Load("stream", FrameLevel);
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var generator = new TorchSharp.torch.Generator(3, TorchSharp.torch.CPU);
        var batch = stream.Train.Batches(0, generator).First();
        var frames = batch[SpeechBatchKeys.FrameContent];
        var lengths = batch[SpeechBatchKeys.Lengths].data<long>().ToArray();
        frames.shape.Should().Equal(batch[SpeechBatchKeys.Feats].shape[0], batch[SpeechBatchKeys.Feats].shape[1]);
        lengths.Should().Contain(l => l < frames.shape[1], "some rows of the batch are padded");
        for (int i = 0; i < lengths.Length; i++)
        {
            var row = frames[i].data<long>().ToArray();
            row.Take((int)lengths[i]).All(l => l >= 0 && l < 4).Should().BeTrue("every real frame of row {0} has a phone id of phones.txt", i);
            row.Skip((int)lengths[i]).All(l => l == SpeechBatchKeys.Ignore).Should().BeTrue("the padding of row {0} is ignored by the loss", i);
        }
    }

    [Fact]
    public void AutoWithFrameLevelContent_StreamsAboveTheMemoryLimit()
    {
        using var log = new StringWriter();
        var resolved = SitLoading.Resolve(Split, new SitDataOptions { Loading = new FeatureLoadingOptions { MemoryLimitGb = 0.000000001 } }, log);
        resolved.Loading.Mode.Should().Be(FeatureLoadingMode.Stream);
        log.ToString().Should().Contain("sit: data loading: stream (");

        using var large = Load("auto", [.. FrameLevel, "data.loading.memory_limit_gb=0.000000001"]);
        large.Train.GetType().Name.Should().StartWith("StreamingBatchSource");
        FirstBatchKeys(large.Train).Should().Contain(SpeechBatchKeys.FrameContent);
    }

    static List<string> FirstBatchKeys(IBatchSource source)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var generator = new TorchSharp.torch.Generator(1, TorchSharp.torch.CPU);
        return [.. source.Batches(0, generator).First().Keys];
    }

    [Theory]
    [InlineData("speaker")]
    [InlineData("utt")]
    [InlineData("global")]
    public void StreamedTrainBatches_AreBitIdenticalToInMemoryOnes(string cmvn)
    {
        using var memory = Load("memory", $"data.cmvn={cmvn}", "data.norm_vars=true");
        using var stream = Load("stream", $"data.cmvn={cmvn}", "data.norm_vars=true");
        stream.Train.GetType().Name.Should().StartWith("StreamingBatchSource");
        BatchEquality.AssertSame(memory.Train, stream.Train);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StreamedSpeakerBatchesAndCroppedUtterances_AreBitIdenticalToInMemoryOnes(bool contentPairs)
    {
        string[] sets = ["data.speakers_per_batch=2", "data.train_max_frames=17", $"data.content_pairs={contentPairs}"];
        using var memory = Load("memory", sets);
        using var stream = Load("stream", sets);
        BatchEquality.AssertSame(memory.Train, stream.Train, epochs: 3);
    }

    [Fact]
    public void StreamedEpochStartedPartWay_GivesTheRemainingInMemoryBatches()
    {
        using var memory = Load("memory", "data.speakers_per_batch=2");
        using var stream = Load("stream", "data.speakers_per_batch=2");
        memory.Train.Count.Should().BeGreaterThan(2);
        BatchEquality.AssertSame(memory.Train, stream.Train, epochs: 2, skip: 2);
    }

    [Fact]
    public void EachRankReadsItsOwnRows_TheRowsRankSliceSourceCutsFromTheWholeBatch()
    {
        using var memory = Load("memory", "data.train_max_frames=17");
        using var stream = Load("stream", "data.train_max_frames=17");
        BatchEquality.AssertSameForEachRank(memory.Train, stream.Train);
        var uneven = () => RankSliceSource.For(stream.Train, 0, 3).Batches(0, new TorchSharp.torch.Generator(1, TorchSharp.torch.CPU)).First();
        uneven.Should().Throw<InvalidOperationException>().WithMessage("*multiple of 3*");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TrainingStreamed_EndsWithTheMetricsOfTrainingInMemory_AndLogsTheChoice(bool frameLevel)
    {
        string[] sets = [.. frameLevel ? FrameLevel : [], "data.speakers_per_batch=2", "data.train_max_frames=17", "trainer.max_steps=12", "trainer.log_every=4",
            "trainer.seed=5", "trainer.progress=false", "data.probe_steps=20", "model_options.encoder.input_bins=6",
            "model_options.encoder.channels=[8]", "model_options.encoder.kernels=[3]", "model_options.encoder.dilations=[1]", "trainer.batch_size=8"];
        IReadOnlyDictionary<string, double> Train(string mode, StringWriter log) =>
            Experiment.Train(Experiment.LoadConfig("sit", null, [.. sets, $"data.loading.mode={mode}"]), Split, Path.Combine(_data.Root, "exp-" + mode), resume: false, log);

        var memoryLog = new StringWriter();
        var streamLog = new StringWriter();
        var memory = Train("memory", memoryLog);
        var stream = Train("stream", streamLog);

        stream.Should().Equal(memory, "the same batches give the same training, metric for metric");
        streamLog.ToString().Should().Contain("sit: data loading: stream (");
        memoryLog.ToString().Should().Contain("sit: data loading: memory (");
    }

    [Fact]
    public void TrainerResumedMidEpoch_OnAStreamedSource_EndsWithTheWeightsOfOneRunInMemory()
    {
        using var dirMemory = new TestDirectory();
        using var dirStream = new TestDirectory();
        var straight = RunSit("memory", dirMemory.Path, stopAfter: null, resume: false);

        RunSit("stream", dirStream.Path, stopAfter: 4, resume: false);
        var resumed = RunSit("stream", dirStream.Path, stopAfter: null, resume: true);

        resumed.Should().HaveSameCount(straight);
        for (int i = 0; i < straight.Count; i++)
            resumed[i].Should().Equal(straight[i], $"parameter or buffer {i} must match bit for bit");
    }

    /// <summary>10 steps of SIT through the Trainer; a stop after step 4 falls inside the second epoch, so the resumed run skips into it.</summary>
    List<float[]> RunSit(string mode, string dir, long? stopAfter, bool resume)
    {
        using var data = Load(mode, "data.train_max_frames=17");
        (4 % data.Train.Count).Should().NotBe(0, "the stop must fall inside an epoch");
        Trainer.SeedEverything(resume ? 999 : 2); // a resumed run must not depend on the fresh init
        var model = new SitModel(new SitOptions
        {
            Encoder = new SpeechEncoderOptions { InputBins = SyntheticFeatureDir.Bins, Channels = [8], Kernels = [3], Dilations = [1] },
            ContentClasses = SyntheticFeatureDir.Words.Length, SpeakerClasses = 6, ContentHidden = 8, SpeakerHidden = 8,
        });
        var options = new TrainerOptions { MaxSteps = 10, LogEvery = 5, Progress = false, Seed = 4 };
        using var trainer = new Trainer(new SitObjective(model), options, dir, log: TextWriter.Null);
        trainer.Fit(data.Train, resume: resume, stopAfter: stopAfter);
        if (mode == "stream") data.Train.Should().BeAssignableTo<ISkippingBatchSource>("the Trainer skips into the epoch without reading");
        return [.. model.parameters().Concat(model.buffers()).Select(t => t.to(TorchSharp.torch.ScalarType.Float32).data<float>().ToArray())];
    }

    [Fact]
    public void AutoLoading_StreamsOnlyAboveTheMemoryLimit()
    {
        using (var small = Load("auto", "data.loading.memory_limit_gb=1"))
            small.Train.GetType().Name.Should().Be("TensorBatchSource");
        using var large = Load("auto", "data.loading.memory_limit_gb=0.000000001");
        large.Train.GetType().Name.Should().StartWith("StreamingBatchSource");
    }

    public void Dispose() => _data.Dispose();
}
