using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Sit;
using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Models.Tests.Sit;

/// <summary>
/// What the vctk, librispeech and timit recipes do, on tiny espeak-ng corpora in each real layout (the `sdt corpus
/// synth-*` writers): prepare, log-mel features, split by speaker, a few SIT steps with the class counts left out of
/// the config, evaluation. Checks the plumbing (layouts, inferred classes, frame labels), not how well it learns.
/// </summary>
[Collection("torch")]
public sealed class CorpusLayoutSitTests : IDisposable
{
    readonly string _root = Path.Combine(Path.GetTempPath(), "sdt-corpus-sit-" + Guid.NewGuid().ToString("N"));

    public CorpusLayoutSitTests() => TorchTestSetup.Init();

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    const string Config = """
        model: sit
        model_options:
          encoder:
            input_bins: 80
            channels: [8, 8]
            kernels: [3, 3]
            dilations: [1, 2]
          content_hidden: 8
          speaker_hidden: 8
        trainer:
          max_steps: 4
          batch_size: 4
          log_every: 4
          seed: 1
          progress: false
        data:
          cmvn: speaker
          probe_steps: 5
          probe_folds: 2
        """;

    static readonly SynthDigitsOptions Digits = new() { Speakers = 3, RepeatsPerDigit = 1, SentencesPerSpeaker = 0, Jobs = 2 };

    [Fact]
    public void Vctk_SynthDigitsLayout_TrainsWithClassCountsFromTheSplit()
    {
        string corpus = Path.Combine(_root, "VCTK");
        SynthDigitsCorpus.Synthesise(corpus, Digits);
        string data = Path.Combine(_root, "data", "all");
        CorpusDataDir.Create(VctkLayout.Read(corpus)).Save(data);

        var (options, metrics) = Train(data, []);

        options.SpeakerClasses.Should().Be(2, "3 voices, 1 held out");
        options.ContentClasses.Should().Be(10, "the ten digits");
        metrics["content_acc_test"].Should().BeInRange(0, 1);
    }

    [Fact]
    public void LibriSpeech_SynthLayout_TrainsWithClassCountsFromTheSplit()
    {
        string corpus = Path.Combine(_root, "LibriSpeech");
        SynthLibriSpeechCorpus.Synthesise(corpus, "dev-clean", Digits);
        string data = Path.Combine(_root, "data", "dev-clean");
        LibriSpeechDataPrep.Prepare(corpus, "dev-clean", data);
        File.ReadAllLines(Path.Combine(data, "text")).Should().Contain("901-1000-0000 ZERO");

        var (options, metrics) = Train(data, []);

        options.SpeakerClasses.Should().Be(2);
        options.ContentClasses.Should().Be(10);
        metrics["content_acc_unseen"].Should().BeInRange(0, 1);
    }

    [Fact]
    public void Timit_SynthLayout_TrainsFrameLevelPhonesFromThePreparedLabels()
    {
        string corpus = Path.Combine(_root, "TIMIT");
        SynthTimitCorpus.Synthesise(corpus, new SynthTimitOptions { TrainSpeakers = 3, TestSpeakers = 1, SentencesPerSpeaker = 3, WordsPerSentence = 2, Jobs = 2 });
        string stem = Path.Combine(corpus, "TRAIN", "DR1", SynthTimitCorpus.SpeakerId(0), "SX1");
        var phones = TimitPhnFile.Read(stem + ".PHN");
        phones.Zip(phones.Skip(1)).Should().OnlyContain(p => p.First.End == p.Second.Start, "segments tile the utterance");
        using (var audio = AudioReader.Open(stem + ".WAV")) phones[^1].End.Should().Be(audio.TotalFrames);
        string data = Path.Combine(_root, "data", "train");
        TimitDataPrep.Prepare(corpus, data, new TimitPrepareOptions { Split = "train" });

        var (options, metrics) = Train(data, ["model_options.frame_level_content=true", "data.frame_labels=../train/frame_labels.txt"]);

        options.SpeakerClasses.Should().Be(2);
        options.ContentClasses.Should().Be(39, "the folded TIMIT phone set of phones.txt");
        metrics["content_acc_test"].Should().BeInRange(0, 1);
    }

    // Features, split (one speaker held out) and a short run; returns the options training resolved and the metrics.
    (SitOptions Options, IReadOnlyDictionary<string, double> Metrics) Train(string data, string[] overrides)
    {
        string feats = data + "_kaldi", split = Path.Combine(_root, "data", "split"), exp = Path.Combine(_root, "exp");
        DataDirFeatureJob.Run(KaldiDataDir.Load(data), feats, new FeatureJobOptions { LogMel = LogMelPreset.Create("kaldi") });
        DataSplit.Run(feats, split, new DataSplitOptions { HeldSpeakers = 1, ValidFraction = 0, TestFraction = 0.3, Seed = 1 });
        string configPath = Path.Combine(_root, "sit.yaml");
        File.WriteAllText(configPath, Config);
        var metrics = Experiment.Train(Experiment.LoadConfig("sit", configPath, overrides), split, exp, resume: false, TextWriter.Null);
        var options = ConfigLoader.Load(Path.Combine(exp, ExperimentConfig.FileName)).ModelOptions.Bind<SitOptions>();
        return (options, metrics);
    }
}
