using System.Text.Json;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Extraction;
using SpeechDisentangle.Models.Sit;
using SpeechDisentangle.Models.Tests.Common.SpeechData;
using SpeechDisentangle.Models.Tests.Core.Training;
using Xunit.Abstractions;

namespace SpeechDisentangle.Models.Tests.Sit;

[Collection("torch")]
public class SitTaskTests : IClassFixture<SitTaskFixture>
{
    readonly SitTaskFixture _fixture;
    readonly ITestOutputHelper _output;

    public SitTaskTests(SitTaskFixture fixture, ITestOutputHelper output)
    {
        TorchTestSetup.Init();
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public void Train_TinySplit_LearnsContentAndWritesMetricsAndPictures()
    {
        _output.WriteLine(_fixture.Log);
        var m = _fixture.Metrics;
        m["content_acc_test"].Should().BeGreaterThan(0.6, "three words, chance 1/3");
        m["content_acc_unseen"].Should().BeGreaterThan(0.5);
        m["speaker_chance"].Should().BeApproximately(1.0 / 3, 1e-9);
        m["speaker_chance_unseen"].Should().BeApproximately(0.5, 1e-9);
        m["speaker_probe_acc"].Should().BeInRange(0, 1);
        m["content_probe_acc_unseen"].Should().BeGreaterThan(0.6);
        m["adversarial"].Should().Be(1);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_fixture.Exp, "metrics.json")));
        json.RootElement.GetProperty("content_acc_test").GetDouble().Should().Be(m["content_acc_test"]);
        File.Exists(Path.Combine(_fixture.Exp, "plots", "embeddings_by_speaker.png")).Should().BeTrue();
        File.Exists(Path.Combine(_fixture.Exp, "plots", "embeddings_by_content.png")).Should().BeTrue();
        File.Exists(Path.Combine(_fixture.Exp, "checkpoints", "last.ckpt")).Should().BeTrue();
    }

    [Fact]
    public void Extract_Checkpoint_WritesFramesAndEmbeddingsWithEncoderShapes()
    {
        string outDir = Path.Combine(_fixture.Data.Root, "extract");
        var experiment = Experiment.Load(Path.Combine(_fixture.Exp, "checkpoints", "last.ckpt"));
        var result = SpeechFeatureExtractor.Run(experiment, _fixture.Data.Dir, outDir, new ExtractOptions { Jobs = 2 });

        result.Utterances.Should().Be(_fixture.Data.Feats.Count);
        using var frames = new KaldiScpReader(Path.Combine(outDir, "frames.scp"));
        using var embeddings = new KaldiScpReader(Path.Combine(outDir, "utt_embeddings.scp"));
        frames.Keys.Should().BeEquivalentTo(_fixture.Data.Feats.Keys);
        foreach (var utt in _fixture.Data.Feats.Keys.Take(5))
        {
            var f = frames.Read(utt);
            f.Rows.Should().Be(_fixture.Data.Feats[utt].Rows - 6, "receptive field 7 drops 6 frames");
            f.Cols.Should().Be(16);
            var e = embeddings.Read(utt);
            e.IsVector.Should().BeTrue();
            e.Cols.Should().Be(32, "mean and std pooling of 16 channels");
            f.Data.Should().OnlyContain(v => float.IsFinite(v));
        }
        File.ReadAllLines(Path.Combine(outDir, "utt2spk")).Should().HaveCount(_fixture.Data.Feats.Count);
    }

    [Fact]
    public void Extract_NpyShard_WritesOnlyItsPart()
    {
        string outDir = Path.Combine(_fixture.Data.Root, "extract-npy");
        var experiment = Experiment.Load(Path.Combine(_fixture.Exp, "checkpoints", "last.ckpt"));
        var options = new ExtractOptions { Format = FeatureFormat.Npy, ShardIndex = 2, ShardCount = 3 };
        var result = SpeechFeatureExtractor.Run(experiment, _fixture.Data.Dir, outDir, options);

        var lines = File.ReadAllLines(Path.Combine(outDir, "frames.2.scp"));
        lines.Should().HaveCount(result.Utterances).And.HaveCountLessThan(_fixture.Data.Feats.Count / 2);
        var first = lines[0].Split(' ');
        NpyFile.Read(first[1]).Shape.Should().Equal(_fixture.Data.Feats[first[0]].Rows - 6, 16);
    }

    [Theory]
    [InlineData(FeatureFormat.Ark)]
    [InlineData(FeatureFormat.Npy)]
    public void ExtractMerge_ShardsOfTwo_WriteWhatTwoJobsWriteByteForByte(FeatureFormat format)
    {
        string outDir = Path.Combine(_fixture.Data.Root, $"extract-merge-{format}");
        var experiment = Experiment.Load(Path.Combine(_fixture.Exp, "checkpoints", "last.ckpt"));
        SpeechFeatureExtractor.Run(experiment, _fixture.Data.Dir, outDir, new ExtractOptions { Format = format, Jobs = 2 });
        // The same folder both times, so the paths inside the scp files can agree.
        var jobs = Directory.GetFiles(outDir, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(outDir, f), File.ReadAllBytes);
        Directory.Delete(outDir, recursive: true);

        for (int k = 1; k <= 2; k++)
            SpeechFeatureExtractor.Run(experiment, _fixture.Data.Dir, outDir, new ExtractOptions { Format = format, ShardIndex = k, ShardCount = 2 });
        File.Exists(Path.Combine(outDir, "utt2spk")).Should().BeFalse("a shard writes only its part");
        int merged = ExtractShardMerge.Run(_fixture.Data.Dir, outDir, 2);

        merged.Should().Be(_fixture.Data.Feats.Count);
        jobs.Keys.Should().Contain(["frames.scp", "utt_embeddings.scp", "utt2spk", "spk2utt", "utt2num_frames", format == FeatureFormat.Ark ? "feats.scp" : "npy.scp"]);
        foreach (var (file, bytes) in jobs)
            File.ReadAllBytes(Path.Combine(outDir, file)).Should().Equal(bytes, $"{file} should be the same bytes");
    }

    [Fact]
    public void ExtractMerge_MissingShard_ThrowsNamingItsFile()
    {
        string outDir = Path.Combine(_fixture.Data.Root, "extract-merge-missing");
        var experiment = Experiment.Load(Path.Combine(_fixture.Exp, "checkpoints", "last.ckpt"));
        SpeechFeatureExtractor.Run(experiment, _fixture.Data.Dir, outDir, new ExtractOptions { ShardIndex = 1, ShardCount = 3 });

        var act = () => ExtractShardMerge.Run(_fixture.Data.Dir, outDir, 3);
        act.Should().Throw<FileNotFoundException>().WithMessage($"shard 2/3 is missing: {Path.Combine(outDir, "frames.2.scp")} does not exist*");
        File.Exists(Path.Combine(outDir, "frames.scp")).Should().BeFalse();
    }

    [Fact]
    public void LoadData_UtteranceShorterThanReceptiveField_ThrowsNamingIt()
    {
        using var data = new SyntheticFeatureDir(speakers: 5, repeats: 3, minFrames: 5);
        string split = Path.Combine(data.Root, "split");
        DataSplit.Run(data.Dir, split, new DataSplitOptions { HeldSpeakers = 2, ValidFraction = 0, TestFraction = 0.3 });
        var config = Experiment.LoadConfig("sit", _fixture.ConfigPath, []);
        var act = () => Experiment.Train(config, split, Path.Combine(data.Root, "exp"), resume: false, TextWriter.Null);
        act.Should().Throw<DataDirException>().WithMessage("*shorter than the encoder's receptive field of 7 frames: spk*");
        Directory.Exists(Path.Combine(data.Root, "exp", "checkpoints")).Should().BeFalse("nothing trains");
    }

    [Fact]
    public void LoadData_ClassCountsDisagreeWithData_ListsEveryMismatch()
    {
        var config = Experiment.LoadConfig("sit", _fixture.ConfigPath, ["model_options.speaker_classes=4", "model_options.encoder.input_bins=5"]);
        var act = () => new SitTask().LoadData(_fixture.Split, config);
        act.Should().Throw<DataDirException>().Which.Errors.Should()
            .Contain(e => e.Contains("model_options.speaker_classes is 4 (set it to 3)"))
            .And.Contain(e => e.Contains("model_options.encoder.input_bins is 5"));
    }

    [Fact]
    public void LoadData_LabelFileNotMatchingTrain_Throws()
    {
        string copy = Path.Combine(_fixture.Data.Root, "split-bad");
        foreach (var file in Directory.EnumerateFiles(_fixture.Split, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(_fixture.Split, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.WriteAllText(Path.Combine(copy, "content.txt"), "one 0\ntwo 1\nzero 2\n");
        var config = Experiment.LoadConfig("sit", _fixture.ConfigPath, []);
        var act = () => new SitTask().LoadData(copy, config);
        act.Should().Throw<DataDirException>().WithMessage("*content.txt: lists 3 labels (one two zero) but the train content classes are 3 (one three two)*");
    }
}
