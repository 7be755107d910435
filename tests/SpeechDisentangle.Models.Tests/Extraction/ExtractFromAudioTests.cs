using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Extraction;
using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Models.Tests.Extraction;

[Collection("torch")]
public partial class ExtractFromAudioTests : IClassFixture<AudioCorpusFixture>, IDisposable
{
    readonly AudioCorpusFixture _corpus;
    readonly string _out = Path.Combine(Path.GetTempPath(), "sdt-extract-out-" + Guid.NewGuid().ToString("N"));

    public ExtractFromAudioTests(AudioCorpusFixture corpus)
    {
        TorchTestSetup.Init();
        _corpus = corpus;
    }

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
        GC.SuppressFinalize(this);
    }

    ExtractResult Extract(string kind, string input, string name, ExtractOptions? options = null, TextWriter? warnings = null) =>
        SpeechFeatureExtractor.Run(Experiment.Load(_corpus.Checkpoint(kind)), input, Path.Combine(_out, name), options ?? new ExtractOptions(),
            warnings: warnings, checkpoint: _corpus.Checkpoint(kind));

    static Dictionary<string, KaldiMatrix> ReadAll(string scp)
    {
        using var reader = new KaldiScpReader(scp);
        return reader.Keys.ToDictionary(k => k, reader.Read, StringComparer.Ordinal);
    }

    static void ShouldMatch(Dictionary<string, KaldiMatrix> actual, Dictionary<string, KaldiMatrix> expected)
    {
        actual.Should().NotBeEmpty();
        foreach (var (utt, m) in actual)
        {
            var e = expected[utt];
            (m.Rows, m.Cols).Should().Be((e.Rows, e.Cols), utt);
            float scale = e.Data.Max(MathF.Abs) + 1e-6f;
            for (int i = 0; i < m.Data.Length; i++)
                Math.Abs(m.Data[i] - e.Data[i]).Should().BeLessThan(1e-5f * scale, $"{utt}[{i}]");
        }
    }

    [Fact]
    public void Train_SpeechModels_RecordTheirFrontEndBesideTheConfig()
    {
        var kaldi = LogMelPreset.Create("kaldi", 16000, AudioCorpusFixture.Bins);
        var sit = ModelFrontEnd.Read(_corpus.Exp("sit"))!;
        sit.Features!.LogMel.Should().Be(kaldi);
        sit.Cmvn.Should().Be(CmvnMode.Speaker);
        var dann = ModelFrontEnd.Read(_corpus.Exp("dann-speech"))!;
        (dann.Cmvn, dann.NormVars).Should().Be((CmvnMode.Utterance, true));
        var vc = ModelFrontEnd.Read(_corpus.Exp("vc-adv"))!;
        vc.Features!.LogMel.Should().Be(kaldi);
        (vc.Cmvn, vc.Offset, vc.Scale).Should().Be((CmvnMode.None, -10.0, 4.0));
    }

    [Fact]
    public void Sit_FromAudioDir_GivesTheNumbersOfItsPrecomputedFeatures()
    {
        var fromFeatures = Extract("sit", _corpus.Features, "feats");
        var fromAudio = Extract("sit", _corpus.Wavs, "audio");

        fromAudio.Utterances.Should().Be(48);
        ShouldMatch(ReadAll(fromAudio.FramesScp), ReadAll(fromFeatures.FramesScp));
        ShouldMatch(ReadAll(fromAudio.EmbeddingsScp), ReadAll(fromFeatures.EmbeddingsScp));
        File.ReadAllText(Path.Combine(_out, "audio", "utt2num_frames")).Should().Be(File.ReadAllText(Path.Combine(_out, "feats", "utt2num_frames")));
        Directory.EnumerateDirectories(Path.Combine(_out, "audio"), ".input_features*").Should().BeEmpty("the computed log-mels are a work file");
    }

    [Fact]
    public void Sit_AudioShard_NormalisesWithTheWholeSpeakersStatistics()
    {
        // Part 2 of 3 cuts a speaker's utterances in two: per-speaker CMVN must still use all of them, as cmvn.scp does.
        var whole = Extract("sit", _corpus.Features, "whole");
        var shard = Extract("sit", _corpus.Wavs, "shard", new ExtractOptions { ShardIndex = 2, ShardCount = 3 });

        shard.Utterances.Should().Be(16);
        ShouldMatch(ReadAll(shard.FramesScp), ReadAll(whole.FramesScp));
    }

    [Fact]
    public void VcAdv_FromOneWavFile_GivesTheNumbersOfItsPrecomputedFeatures()
    {
        var fromFeatures = Extract("vc-adv", _corpus.Features, "feats", new ExtractOptions { Format = FeatureFormat.Npy });
        var fromFile = Extract("vc-adv", _corpus.Wav("spk1_21"), "file", new ExtractOptions { Format = FeatureFormat.Npy });

        fromFile.Utterances.Should().Be(1);
        var frames = ReadNpy(fromFile.FramesScp);
        frames.Keys.Should().Equal("spk1_21");
        ShouldMatch(frames, ReadNpy(fromFeatures.FramesScp));
        ShouldMatch(ReadNpy(fromFile.EmbeddingsScp), ReadNpy(fromFeatures.EmbeddingsScp));
    }

    [Fact]
    public void Sit_DataDirWithSegments_CutsEachUtteranceAsTheFeatureJobDid()
    {
        // One recording per speaker (its utterances one after another) and a segments file that cuts them out again.
        string dir = Path.Combine(_out, "segmented");
        var wavScp = new Dictionary<string, string>(StringComparer.Ordinal);
        var utt2spk = new Dictionary<string, string>(StringComparer.Ordinal);
        var segments = new Dictionary<string, KaldiSegment>(StringComparer.Ordinal);
        var source = KaldiDataDir.Load(_corpus.Wavs);
        foreach (var group in source.Utterances.GroupBy(u => source.Utt2Spk[u]).Take(2))
        {
            var samples = new List<float>();
            foreach (string utt in group)
            {
                double start = samples.Count / 16000.0;
                samples.AddRange(AudioReader.Read(_corpus.Wav(utt)).ToMono());
                segments[utt] = new KaldiSegment(group.Key, start, samples.Count / 16000.0);
                utt2spk[utt] = group.Key;
            }
            wavScp[group.Key] = Path.Combine(dir, group.Key + ".wav");
            WavWriter.Write(wavScp[group.Key], AudioData.Mono([.. samples], 16000));
        }
        KaldiDataDir.Create(wavScp, utt2spk, segments: segments).Save(dir);
        string feats = Path.Combine(_out, "segmented-feats");
        DataDirFeatureJob.Run(KaldiDataDir.Load(dir), feats, new FeatureJobOptions { LogMel = LogMelPreset.Create("kaldi", 16000, AudioCorpusFixture.Bins) });

        var fromFeatures = Extract("sit", feats, "segmented-from-feats");
        var fromAudio = Extract("sit", dir, "segmented-from-audio", new ExtractOptions { ShardIndex = 2, ShardCount = 3 });

        fromAudio.Utterances.Should().Be(8);
        ShouldMatch(ReadAll(fromAudio.FramesScp), ReadAll(fromFeatures.FramesScp));
    }

    static Dictionary<string, KaldiMatrix> ReadNpy(string scp) =>
        KaldiScp.Read(scp).ToDictionary(e => e.Key, e =>
        {
            var a = NpyFile.Read(e.ArkPath);
            return new KaldiMatrix(a.Shape[0], a.Shape.Count > 1 ? a.Shape[1] : 1, a.ToFloat32());
        }, StringComparer.Ordinal);

    [Theory]
    [InlineData("sit", 8, 16)]
    [InlineData("dann-speech", 8, 16)]
    [InlineData("vc-adain", 4, 4)]
    [InlineData("vc-adv", 4, 4)]
    public void EveryEncoderKind_ExtractsFromAudio(string kind, int frameDim, int embeddingDim)
    {
        var result = Extract(kind, _corpus.Wavs, kind);

        (result.Utterances, result.FrameDim, result.EmbeddingDim).Should().Be((48, frameDim, embeddingDim));
        var frames = ReadAll(result.FramesScp);
        frames.Values.Should().OnlyContain(m => m.Cols == frameDim && m.Rows > 0 && m.Data.All(float.IsFinite));
        ReadAll(result.EmbeddingsScp).Values.Should().OnlyContain(m => m.IsVector && m.Cols == embeddingDim);
        var counts = File.ReadAllLines(Path.Combine(_out, kind, "utt2num_frames")).Select(l => l.Split(' '));
        counts.Should().OnlyContain(c => int.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture) == frames[c[0]].Rows);
    }

    [Fact]
    public void FeatureDirOfAnotherFrontEnd_IsRefusedNamingBoth()
    {
        string htk = Path.Combine(_out, "htk");
        DataDirFeatureJob.Run(KaldiDataDir.Load(_corpus.Wavs), htk, new FeatureJobOptions { LogMel = LogMelPreset.Create("htk", 16000, AudioCorpusFixture.Bins) });

        var act = () => Extract("sit", htk, "refused");

        act.Should().Throw<InvalidDataException>()
            .WithMessage($"features in {htk} were made with preset htk, 16 bins*; the model {_corpus.Checkpoint("sit")} was trained on preset kaldi, 16 bins*--input*");
    }

    [Fact]
    public void CheckpointWithoutRecordedFrontEnd_AudioIsRefusedClearly_FeatureDirWorksWithAWarning()
    {
        string old = Path.Combine(_out, "old-exp");
        CopyDirectory(_corpus.Exp("sit"), old);
        File.Delete(Path.Combine(old, ModelFrontEnd.FileName));
        string checkpoint = Path.Combine(old, "checkpoints", "last.ckpt");
        var experiment = Experiment.Load(checkpoint);

        var act = () => SpeechFeatureExtractor.Run(experiment, _corpus.Wavs, Path.Combine(_out, "x"), new ExtractOptions(), checkpoint: checkpoint);
        act.Should().Throw<InvalidDataException>().WithMessage($"checkpoint {checkpoint} records no front end ({old} has no front_end.txt)*retrain it, or pass a feature data dir*");

        var warnings = new StringWriter();
        var result = SpeechFeatureExtractor.Run(experiment, _corpus.Features, Path.Combine(_out, "y"), new ExtractOptions(), warnings: warnings, checkpoint: checkpoint);
        result.Utterances.Should().Be(48);
        warnings.ToString().Should().Contain($"{checkpoint} records no front end");
    }

    [Fact]
    public void ModelTrainedOnUnrecordedFeatures_AudioIsRefusedSayingWhy()
    {
        string old = Path.Combine(_out, "unrecorded-exp");
        CopyDirectory(_corpus.Exp("sit"), old);
        string bare = Path.Combine(_out, "bare-feats");
        Directory.CreateDirectory(bare);
        ModelFrontEnd.FromData(bare, new ModelNormalisation(CmvnMode.Speaker, NormVars: false)).Write(old);
        string checkpoint = Path.Combine(old, "checkpoints", "last.ckpt");

        var act = () => SpeechFeatureExtractor.Run(Experiment.Load(checkpoint), _corpus.Wavs, Path.Combine(_out, "z"), new ExtractOptions(), checkpoint: checkpoint);

        act.Should().Throw<InvalidDataException>()
            .WithMessage($"checkpoint {checkpoint} records no log-mel front end: the training data had no feats_job.txt or front_end.txt (training data {bare};*--input");
    }

    [Fact]
    public void FromData_DamagedRecord_RecordsTheProblemInsteadOfFailing()
    {
        string dir = Path.Combine(_out, "damaged");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "feats_job.txt"), "log-mel LogMelOptions { NumMelBins = many }\n");

        var frontEnd = ModelFrontEnd.FromData(dir, new ModelNormalisation(CmvnMode.Utterance, NormVars: true));
        frontEnd.Write(dir);
        var read = ModelFrontEnd.Read(dir)!;

        read.Features.Should().BeNull();
        read.Problem.Should().Be($"{Path.Combine(dir, "feats_job.txt")}: log-mel NumMelBins = 'many' is not a Int32");
        (read.Cmvn, read.NormVars, read.TrainingData).Should().Be((CmvnMode.Utterance, true, dir));
    }

    static void CopyDirectory(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
