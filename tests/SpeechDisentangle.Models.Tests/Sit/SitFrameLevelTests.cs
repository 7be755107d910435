using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Sit;
using SpeechDisentangle.Models.Tests.Core.Training;
using Xunit.Abstractions;

namespace SpeechDisentangle.Models.Tests.Sit;

[Collection("torch")]
public class SitFrameLevelTests : IClassFixture<SitFrameLevelFixture>
{
    readonly SitFrameLevelFixture _fixture;
    readonly ITestOutputHelper _output;

    public SitFrameLevelTests(SitFrameLevelFixture fixture, ITestOutputHelper output)
    {
        TorchTestSetup.Init();
        _fixture = fixture;
        _output = output;
    }

    RunConfig Config(params string[] overrides) => Experiment.LoadConfig("sit", _fixture.ConfigPath, overrides);

    [Fact]
    public void Train_FrameLabels_InfersClassCountsAndLearnsFrameContent()
    {
        _output.WriteLine(_fixture.Log);
        // The most frequent label covers well under half the frames: a model that ignored the features would score below 0.5.
        _fixture.Metrics["content_acc_test"].Should().BeGreaterThan(0.8);
        _fixture.Metrics["content_acc_unseen"].Should().BeGreaterThan(0.8);
        _fixture.Metrics["content_chance"].Should().BeInRange(0.25, 0.6, "the most frequent of four frame labels");
        _fixture.Metrics["content_probe_acc_unseen"].Should().BeGreaterThan(_fixture.Metrics["content_chance"] + 0.3, "a probe on frame outputs reads the words");
        var saved = ConfigLoader.Load(Path.Combine(_fixture.Exp, ExperimentConfig.FileName)).ModelOptions.Bind<SitOptions>();
        saved.SpeakerClasses.Should().Be(3, "5 speakers, 2 held out");
        saved.ContentClasses.Should().Be(4, "phones.txt lists 4 symbols");
        File.Exists(Path.Combine(_fixture.Exp, "plots", "embeddings_by_content.png")).Should().BeFalse();
    }

    [Fact]
    public void LoadData_FrameContent_PadsLabelsWithIgnore()
    {
        using var data = new SitTask().LoadData(_fixture.Split, Config("model_options.speaker_classes=3", "model_options.content_classes=4"));
        var set = SitTask.Set(data, "test");
        var frames = set[SpeechBatchKeys.FrameContent];
        var lengths = set[SpeechBatchKeys.Lengths].data<long>().ToArray();
        frames.shape.Should().Equal(set[SpeechBatchKeys.Feats].shape[0], set[SpeechBatchKeys.Feats].shape[1]);
        for (int i = 0; i < lengths.Length; i++)
        {
            var row = frames[i].data<long>().ToArray();
            row.Take((int)lengths[i]).Should().OnlyContain(l => l >= 0 && l < 4);
            row.Skip((int)lengths[i]).Where(l => l != SpeechBatchKeys.Ignore).Should().BeEmpty();
        }
        lengths.Min().Should().BeLessThan(frames.shape[1], "some rows are padded");
    }

    [Fact]
    public void AlignTo_LabelsOneFrameShort_PadsWithLastLabel_FiveShort_ErrorNamesUtteranceAndLengths()
    {
        var dir = FeatureDataDir.Load(_fixture.Data.Dir, CmvnMode.None);
        var (oneShort, fiveShort) = (dir.Utterances[0], dir.Utterances[1]);
        var labels = new Dictionary<string, int[]>(_fixture.Labels, StringComparer.Ordinal)
        {
            [oneShort.Utt] = _fixture.Labels[oneShort.Utt][..^1],
            [fiveShort.Utt] = _fixture.Labels[fiveShort.Utt][..^5],
        };
        string labelsPath = Path.Combine(_fixture.Data.Root, "shifted", "frame_labels.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(labelsPath)!);
        Audio.Corpora.FrameLabelFiles.WriteLabels(labelsPath, labels);
        File.Copy(Path.Combine(_fixture.LabelsDir, "phones.txt"), Path.Combine(_fixture.Data.Root, "shifted", "phones.txt"), overwrite: true);

        var errors = new List<string>();
        var aligned = SitFrameLabels.Load(labelsPath).AlignTo(dir, errors);

        aligned[oneShort.Utt].Should().HaveCount(oneShort.Frames);
        aligned[oneShort.Utt][^1].Should().Be(labels[oneShort.Utt][^1]);
        errors.Should().ContainSingle().Which.Should().Contain(fiveShort.Utt).And.Contain($"{fiveShort.Frames - 5} frame labels but {fiveShort.Frames} feature frames");
    }

    [Fact]
    public void Pad_UtteranceCroppedForTraining_TakesTheSameCentralLabels()
    {
        var u = new SpeechUtterance("u1", "s1", "", new float[10 * 2], 10, 2);
        var cropped = UtteranceLengths.CropCentre(u, 6);
        var aligned = new Dictionary<string, int[]> { ["u1"] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] };

        using var padded = SitFrameLabels.Pad([cropped, u], aligned);

        padded[0].data<long>().ToArray().Should().Equal(2, 3, 4, 5, 6, 7, SpeechBatchKeys.Ignore, SpeechBatchKeys.Ignore, SpeechBatchKeys.Ignore, SpeechBatchKeys.Ignore);
        padded[1].data<long>().ToArray().Should().Equal(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    [Fact]
    public void Load_LabelBeyondSymbolTable_ThrowsNamingFileAndUtterance()
    {
        string dir = Path.Combine(_fixture.Data.Root, "badlabels");
        Directory.CreateDirectory(dir);
        Audio.Corpora.FrameLabelFiles.WriteSymbols(Path.Combine(dir, "phones.txt"), ["a", "b"]);
        Audio.Corpora.FrameLabelFiles.WriteLabels(Path.Combine(dir, "frame_labels.txt"), new Dictionary<string, int[]> { ["u1"] = [0, 1, 2] });

        var act = () => SitFrameLabels.Load(Path.Combine(dir, "frame_labels.txt"));

        act.Should().Throw<DataDirException>().Which.Message.Should().Contain("frame_labels.txt").And.Contain("'u1' has label 2").And.Contain("2 symbols");
    }

    [Fact]
    public void LoadData_ContentClassesDisagreeWithPhones_Throws()
    {
        var act = () => new SitTask().LoadData(_fixture.Split, Config("model_options.speaker_classes=3", "model_options.content_classes=5"));
        act.Should().Throw<DataDirException>().Which.Errors.Should().Contain(e => e.Contains("has 4 symbols but model_options.content_classes is 5"));
    }

    [Fact]
    public void LoadData_FrameLevelWithoutFrameLabels_ThrowsSayingWhatToSet()
    {
        string path = Path.Combine(_fixture.Data.Root, "no-labels.yaml");
        File.WriteAllLines(path, SitFrameLevelFixture.Config.Split('\n').Where(l => !l.Contains("frame_labels", StringComparison.Ordinal)));
        var config = Experiment.LoadConfig("sit", path, ["model_options.speaker_classes=3", "model_options.content_classes=4"]);

        var act = () => new SitTask().LoadData(_fixture.Split, config);

        act.Should().Throw<DataDirException>().WithMessage("*data.frame_labels is not set*");
    }

    [Fact]
    public void Complete_ClassCountsUnsetOrZero_TakesThemFromSplit_SetValuesKept()
    {
        var task = new SitTask();
        var inferred = task.CompleteFromData(Config("model_options.speaker_classes=0"), _fixture.Split).ModelOptions.Bind<SitOptions>();
        inferred.SpeakerClasses.Should().Be(3);
        inferred.ContentClasses.Should().Be(4);

        var kept = task.CompleteFromData(Config("model_options.speaker_classes=7"), _fixture.Split).ModelOptions.Bind<SitOptions>();
        kept.SpeakerClasses.Should().Be(7, "a value the config sets is checked against the data later, not replaced");
    }

    [Fact]
    public void Complete_UtteranceLevelSentencesOnly_ThrowsSayingWhy()
    {
        string split = Path.Combine(_fixture.Data.Root, "sentences");
        Directory.CreateDirectory(Path.Combine(split, "train"));
        File.WriteAllText(Path.Combine(split, "train", "utt2spk"), "a_1 a\nb_1 b\n");
        File.WriteAllText(Path.Combine(split, "train", "text"), "a_1 please call stella\nb_1 ask her to bring these things\n");

        var act = () => new SitTask().CompleteFromData(Config("model_options.frame_level_content=false"), split);

        act.Should().Throw<DataDirException>().WithMessage("*train*text*0 utterance-level content class*frame_level_content*");
    }
}
