using SpeechDisentangle.Models.Common.Augmentation;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Dann;
using SpeechDisentangle.Models.Tests.Common.SpeechData;
using SpeechDisentangle.Models.Tests.Core.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Dann;

[Collection("torch")]
public class DannSpeechTests
{
    const string Config = """
        model: dann-speech
        model_options:
          classes: 3
          encoder:
            input_bins: 6
            channels: [16, 16]
            kernels: [3, 3]
            dilations: [1, 2]
          label_hidden: 16
          domain_hidden: 16
        optimizers:
          main:
            learning_rate: 0.01
            beta1: 0.5
        trainer:
          max_steps: 60
          batch_size: 16
          log_every: 20
          seed: 1
          progress: false
        data:
          target_snr_db: 10
          max_frames: 0
        """;

    readonly ITestOutputHelper _output;

    public DannSpeechTests(ITestOutputHelper output)
    {
        TorchTestSetup.Init();
        _output = output;
    }

    /// <summary>A split of the synthetic data dir with 2 held-out voices, and <see cref="Config"/> written beside it.</summary>
    static (string Split, string Config) SplitAndConfig(SyntheticFeatureDir data)
    {
        string split = Path.Combine(data.Root, "split");
        DataSplit.Run(data.Dir, split, new DataSplitOptions { HeldSpeakers = 2, ValidFraction = 0, TestFraction = 0.3, Seed = 1 });
        string config = Path.Combine(data.Root, "dann.yaml");
        File.WriteAllText(config, Config);
        return (split, config);
    }

    [Fact]
    public void Train_TinySplitWithNoisyTarget_LossFallsAndTargetAccuracyBeatsChance()
    {
        using var data = new SyntheticFeatureDir();
        var (split, config) = SplitAndConfig(data);
        var log = new StringWriter();

        var metrics = Experiment.Train(Experiment.LoadConfig("dann-speech", config, []), split, Path.Combine(data.Root, "exp"), resume: false, log);

        var losses = File.ReadAllLines(Path.Combine(data.Root, "exp", "metrics.jsonl"))
            .Where(l => l.Contains("\"label_loss\"", StringComparison.Ordinal) && l.Contains("\"train\"", StringComparison.OrdinalIgnoreCase)).ToList();
        _output.WriteLine(log.ToString());
        _output.WriteLine(string.Join(Environment.NewLine, losses));
        metrics["source_accuracy"].Should().BeGreaterThan(0.6, "three words, chance 1/3");
        metrics["target_accuracy"].Should().BeGreaterThan(0.5, "unseen voices at 10 dB SNR, chance 1/3");
        metrics["domain_accuracy"].Should().BeInRange(0, 1);
        metrics["source_only"].Should().Be(0);
    }

    [Fact]
    public void Train_WithVoicePerturbation_BindsTheSettingsAndTrains()
    {
        using var data = new SyntheticFeatureDir();
        var (split, config) = SplitAndConfig(data);
        var run = Experiment.LoadConfig("dann-speech", config,
            ["model_options.voice_perturbation.formant=0.1", "model_options.voice_perturbation.pitch=0.1", "model_options.voice_perturbation.tilt_db=6", "trainer.max_steps=20"]);
        var options = (DannSpeechOptions)ModelRegistry.Get("dann-speech").ResolveOptions(run.ModelOptions);
        options.VoicePerturbation.Should().Be(new VoicePerturbationOptions { Formant = 0.1, Pitch = 0.1, TiltDb = 6 });

        var metrics = Experiment.Train(run, split, Path.Combine(data.Root, "exp"), resume: false, new StringWriter());

        metrics["source_accuracy"].Should().BeInRange(0, 1);
        File.ReadAllText(Path.Combine(data.Root, "exp", "metrics.jsonl")).Should().Contain("\"label_loss\"");
    }

    [Fact]
    public void Fit_SourceOnlyAndDann_LabelLossFallsOnSyntheticSpeech()
    {
        using var scope = NewDisposeScope();
        var world = new SyntheticSpeech(speakers: 4, classes: 3, seed: 3);
        var source = world.Sample(96, seed: 1);
        var target = world.Sample(96, seed: 2, noise: 1.0f);
        var encoder = new SpeechEncoderOptions { InputBins = SyntheticSpeech.Bins, Channels = [16, 16], Kernels = [3, 3], Dilations = [1, 2] };
        foreach (bool sourceOnly in new[] { true, false })
        {
            Trainer.SeedEverything(1);
            var options = new DannSpeechOptions { Encoder = encoder, Classes = 3, LabelHidden = 16, DomainHidden = 16, SourceOnly = sourceOnly };
            var objective = new DannObjective(new DannModel(new Models.Dann.SpeechFeatureExtractor(options.Encoder), options),
                new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 1e-2, Beta1 = 0.9 });
            using var batches = SpeechDomainBatchSource.Create(source["feats"], source["lengths"], source["content"],
                sourceOnly ? null : target["feats"], sourceOnly ? null : target["lengths"], 16);
            using var trainer = new Trainer(objective, new TrainerOptions { MaxSteps = 60, LogEvery = 10, Seed = 1, Progress = false }, log: TextWriter.Null);

            var result = trainer.Fit(batches);

            var labelLoss = result.History.Where(r => r.Name == "label_loss" && r.Stage == Stage.Train).Select(r => r.Value).ToList();
            _output.WriteLine($"source_only={sourceOnly}: label loss {string.Join(" ", labelLoss.Select(v => v.ToString("F3")))}, label acc {result.Train["label_acc"]:F3}");
            labelLoss[^1].Should().BeLessThan(labelLoss[0] * 0.5);
            result.Train["label_acc"].Should().BeGreaterThan(0.8);
            result.Train.ContainsKey("domain_loss").Should().BeTrue();
        }
    }

    [Fact]
    public void Batches_SourceAndTarget_HalfTargetRowsWithHiddenLabels()
    {
        using var scope = NewDisposeScope();
        var world = new SyntheticSpeech(speakers: 2, classes: 3, seed: 3);
        var source = world.Sample(10, seed: 1);
        var target = world.Sample(12, seed: 2);
        using var batches = SpeechDomainBatchSource.Create(source["feats"], source["lengths"], source["content"], target["feats"], target["lengths"], 4);

        var all = batches.Batches(0, new Generator(1)).ToList();

        batches.Count.Should().Be(2, "the smaller domain (10 source rows) fills two batches of 4");
        all.Should().HaveCount(2);
        var batch = all[0];
        batch["domain"].data<long>().ToArray().Should().Equal(0, 0, 0, 0, 1, 1, 1, 1);
        batch["content"].data<long>().Skip(4).Should().AllBeEquivalentTo(SpeechBatchKeys.Ignore);
        batch["content"].data<long>().Take(4).Should().OnlyContain(v => v >= 0 && v < 3);
        batch["feats"].shape[1].Should().Be(batch["lengths"].max().item<long>());
    }

    [Fact]
    public void Load_SplitWithoutLabelledTarget_NamesTheFolderAndTheProblem()
    {
        using var data = new SyntheticFeatureDir();
        string split = Path.Combine(data.Root, "split");
        DataSplit.Run(data.Dir, split, new DataSplitOptions { HeldSpeakers = 2, ValidFraction = 0, TestFraction = 0.3, Seed = 1 });
        // Unseen utterances lose their one-word transcripts: nothing to score the target on.
        File.WriteAllText(Path.Combine(split, "unseen", "text"), "");
        var encoder = new SpeechEncoderOptions { InputBins = SyntheticFeatureDir.Bins, Channels = [8], Kernels = [3], Dilations = [1] };

        var act = () => SpeechDomains.Load(split, new DannSpeechDataOptions(), encoder, 3);

        act.Should().Throw<DataDirException>().Which.Message.Should().Contain("unseen").And.Contain("target domain has no utterance with a content label");
    }

    [Fact]
    public void Add_NoiseAtLowSnr_RaisesQuietBinsAndKeepsLoudOnes()
    {
        var feats = new float[] { 0f, -10f, 0f, -10f };
        var utt = new SpeechUtterance("u", "s", "one", feats, 2, 2);

        var noisy = SpeechNoise.Add(utt, 0, new Random(1)).Feats;

        noisy[1].Should().BeGreaterThan(-4f, "noise at 0 dB SNR fills the quiet bins");
        noisy[0].Should().BeInRange(-0.1f, 3f, "loud bins change by at most the noise power");
        utt.Feats[1].Should().Be(-10f, "the input is not modified");
    }

    [Fact]
    public void Validate_BadDataOptions_ListsEveryProblem()
    {
        var act = () => new DannSpeechDataOptions { TargetSnrDb = double.NaN, MaxFrames = -1, EvalBatchSize = 0 }.Validate();

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("target_snr_db").And.Contain("max_frames").And.Contain("eval_batch_size");
    }
}
