using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.Probes;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Sit;
using SpeechDisentangle.Models.Tests.Common.SpeechData;
using SpeechDisentangle.Models.Tests.Core.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Sit;

[Collection("torch")]
public class SitTrainingTests
{
    static readonly SpeechEncoderOptions SmallEncoder = new()
    {
        InputBins = SyntheticSpeech.Bins,
        Channels = [32, 32, 32],
        Kernels = [3, 3, 1],
        Dilations = [1, 2, 1],
    };

    readonly ITestOutputHelper _output;

    public SitTrainingTests(ITestOutputHelper output)
    {
        TorchTestSetup.Init();
        _output = output;
    }

    static (SitModel Model, TrainResult Result) Train(SitOptions options, Dictionary<string, Tensor> data, long steps, long seed = 1)
    {
        Trainer.SeedEverything(seed);
        var model = new SitModel(options);
        var trainerOptions = new TrainerOptions { MaxSteps = steps, LogEvery = (int)steps, Seed = seed, Progress = false, BestMetric = "content_loss" };
        using var trainer = new Trainer(new SitObjective(model), trainerOptions, log: TextWriter.Null);
        using var source = new TensorBatchSource(data, batchSize: 32);
        return (model, trainer.Fit(source));
    }

    /// <summary>Training and held utterances of 4 speakers (each a constant offset) saying 3 words.</summary>
    static (Dictionary<string, Tensor> Train, Dictionary<string, Tensor> Held) FourSpeakerWorld()
    {
        var world = new SyntheticSpeech(speakers: 4, classes: 3, seed: 7, speakerScale: 2f);
        return (world.Sample(240, seed: 1), world.Sample(120, seed: 2));
    }

    /// <summary>Held-out probe accuracies of a baseline and an adversarial encoder trained with the same seed.</summary>
    sealed record ProbePair(double BaseSpeaker, double BaseContent, double SitSpeaker, double SitContent)
    {
        public override string ToString() => FormattableString.Invariant($"baseline speaker {BaseSpeaker:F3} content {BaseContent:F3}; SIT speaker {SitSpeaker:F3} content {SitContent:F3}");
    }

    /// <summary>
    /// Trains the baseline (no adversary) and <paramref name="sit"/> for each seed and probes both. The outcome of an
    /// adversarial game moves with the seed and with the CPU's kernels, so the tests assert means over seeds with
    /// margins that hold across seeds and kernels (checked with ATEN_CPU_CAPABILITY=default and DNNL_MAX_CPU_ISA=SSE41).
    /// </summary>
    List<ProbePair> ProbeOverSeeds(SitOptions baseline, SitOptions sit, long steps, long[] seeds)
    {
        var (train, held) = FourSpeakerWorld();
        var probe = new ProbeOptions { Steps = 150, BatchSize = 64 };
        var pairs = new List<ProbePair>();
        foreach (var seed in seeds)
        {
            using var scope = NewDisposeScope();
            var (b, _) = Train(baseline, train, steps, seed);
            var (a, _) = Train(sit, train, steps, seed);
            pairs.Add(new ProbePair(
                SpeakerProbe.Run(b.Encoder, train, held, 4, probe).HeldAccuracy, ContentProbe.Run(b.Encoder, train, held, 3, probe).HeldAccuracy,
                SpeakerProbe.Run(a.Encoder, train, held, 4, probe).HeldAccuracy, ContentProbe.Run(a.Encoder, train, held, 3, probe).HeldAccuracy));
            _output.WriteLine($"seed {seed}: {pairs[^1]}");
        }
        return pairs;
    }

    /// <summary>
    /// What gradient reversal guarantees, whatever the game's outcome: the encoder turn moves the encoder along the
    /// content gradient minus lambda times the speaker classifier's gradient (it maximises the speaker loss). How far
    /// a reversal game then lowers a speaker probe moves with the seed and the CPU (on this toy, mean gaps of 0.06
    /// to 0.32 over three seeds), so that is measured by the recipes, not asserted here.
    /// </summary>
    [Fact]
    public void ReversalTurn_EncoderGradient_IsContentGradientMinusLambdaTimesSpeakerGradient()
    {
        using var scope = NewDisposeScope();
        Trainer.SeedEverything(4);
        const double lambda = 0.7;
        var model = new SitModel(new SitOptions { Encoder = SmallEncoder, ContentClasses = 3, SpeakerClasses = 4, ContentHidden = 32, SpeakerHidden = 64, AdversaryLoss = AdversaryLoss.Reversal, Lambda = lambda });
        var objective = new SitObjective(model);
        var batch = new Batch();
        foreach (var (key, value) in new SyntheticSpeech(speakers: 4, classes: 3, seed: 7).Sample(16, seed: 1)) batch[key] = value;
        var encoder = model.Encoder.parameters().ToList();
        SitOutput Plain()
        {
            model.Lambda = -1; // the reversal layer then passes gradients unchanged
            return model.forward(batch.Get(SpeechBatchKeys.Feats), batch.Get(SpeechBatchKeys.Lengths));
        }

        var turn = ReversalGradients.Of(model, encoder, () => objective.Step(batch, SitObjective.EncoderTurn, Stage.Train, new StepContext(0, 1, CPU, new Generator(1, CPU))).Loss);
        var content = ReversalGradients.Of(model, encoder, () => nn.functional.cross_entropy(Plain().ContentLogits, batch.Get(SpeechBatchKeys.Content)));
        var speaker = ReversalGradients.Of(model, encoder, () => nn.functional.cross_entropy(Plain().SpeakerLogits, batch.Get(SpeechBatchKeys.Speaker)));

        speaker.abs().sum().item<float>().Should().BeGreaterThan(0, "the speaker loss reaches the encoder");
        ReversalGradients.RelativeError(turn, content, speaker, lambda).Should().BeLessThan(1e-4f);
    }

    [Fact]
    public void DiscriminantAdversary_OnPooledEmbeddings_LowersSpeakerProbeAndKeepsContent()
    {
        var options = new SitOptions { Encoder = SmallEncoder, ContentClasses = 3, SpeakerClasses = 4, ContentHidden = 32, SpeakerHidden = 64 };

        var runs = ProbeOverSeeds(options with { Adversarial = false }, options with { AdversaryLoss = AdversaryLoss.Discriminant, Lambda = 5 }, 200, [1, 2, 3]);

        runs.Average(r => r.BaseSpeaker).Should().BeGreaterThan(0.6, "chance 0.25");
        runs.Average(r => r.SitSpeaker).Should().BeLessThan(runs.Average(r => r.BaseSpeaker) - 0.2, "the closed-form linear adversary removes the speaker's mean offset");
        runs.Average(r => r.SitContent).Should().BeGreaterThan(0.8, "chance 1/3");
    }

    [Fact]
    public void DiscriminantAdversary_StopAndResume_GivesTheSameWeightsAndWhitening()
    {
        using var scope = NewDisposeScope();
        var data = new SyntheticSpeech(speakers: 3, classes: 2, seed: 8).Sample(48, seed: 1);
        using var dirA = new TestDirectory();
        using var dirB = new TestDirectory();
        var straight = RunDiscriminant(data, dirA.Path, stopAfter: null, resume: false);
        RunDiscriminant(data, dirB.Path, stopAfter: 7, resume: false);
        var resumed = RunDiscriminant(data, dirB.Path, stopAfter: null, resume: true);

        resumed.Should().HaveSameCount(straight);
        for (int i = 0; i < straight.Count; i++)
            resumed[i].Should().Equal(straight[i], $"parameter or buffer {i} (the running whitening included) must match bit for bit");
    }

    /// <summary>16 steps of discriminant SIT with instance norm and voice warp (the run generator); parameters and buffers.</summary>
    static List<float[]> RunDiscriminant(Dictionary<string, Tensor> data, string dir, long? stopAfter, bool resume)
    {
        Trainer.SeedEverything(resume ? 999 : 2);
        var model = new SitModel(new SitOptions
        {
            Encoder = SmallEncoder with { InstanceNormLayers = 1, PoolStd = false },
            ContentClasses = 2, SpeakerClasses = 3, ContentHidden = 8, SpeakerHidden = 8,
            AdversaryLoss = AdversaryLoss.Discriminant, Lambda = 5, VoiceWarp = 0.1,
        });
        var options = new TrainerOptions { MaxSteps = 16, LogEvery = 4, Progress = false, Seed = 4 };
        using var trainer = new Trainer(new SitObjective(model), options, dir, log: TextWriter.Null);
        using var source = new TensorBatchSource(data, batchSize: 16);
        trainer.Fit(source, resume: resume, stopAfter: stopAfter);
        return model.parameters().Concat(model.buffers()).Select(t => t.to(ScalarType.Float32).data<float>().ToArray()).ToList();
    }

    [Fact]
    public void Fit_FrameLevelContent_BeatsMajorityFrameClass()
    {
        using var scope = NewDisposeScope();
        var world = new SyntheticSpeech(speakers: 2, classes: 3, seed: 5);
        var train = world.Sample(96, seed: 3);
        var options = new SitOptions { Encoder = SmallEncoder, ContentClasses = 4, SpeakerClasses = 2, FrameLevelContent = true, ContentHidden = 32, SpeakerHidden = 16 };

        var (_, result) = Train(options, train, 150);

        // Share of valid frames that are background (label 0): what always guessing it scores.
        var labels = train["frame_content"];
        double majority = labels.eq(0).sum().item<long>() / (double)labels.ne(-100).sum().item<long>();
        _output.WriteLine($"frame content accuracy {result.Train["content_acc"]:F3}, majority {majority:F3}");
        // 0.80-0.92 over seeds and CPU kernels, majority 0.61.
        result.Train["content_acc"].Should().BeGreaterThan(majority + 0.1);
    }

    [Fact]
    public void Optimizers_TwoTurns_SplitSpeakerClassifierFromEncoderAndContentHead()
    {
        var options = new SitOptions { Encoder = SmallEncoder, ContentClasses = 3, SpeakerClasses = 4 };
        var model = new SitModel(options);
        var objective = new SitObjective(model);

        objective.Turns.Should().Equal("speaker", "encoder_content");
        var specs = objective.Optimizers.ToDictionary(o => o.Name);
        specs["speaker"].Parameters.Count.Should().Be(model.SpeakerClassifier.parameters().Count());
        specs["encoder_content"].Parameters.Count.Should().Be(model.Encoder.parameters().Count() + model.ContentHead.parameters().Count());
        (specs["speaker"].Parameters.Count + specs["encoder_content"].Parameters.Count).Should().Be(model.parameters().Count());
    }

    [Fact]
    public void Validate_SeveralBadFields_ReportsThemAll()
    {
        var bad = new SitOptions { ContentClasses = 1, Lambda = -1, Encoder = new SpeechEncoderOptions { InputBins = 0 } };
        var act = () => bad.Validate();
        act.Should().Throw<ArgumentException>().Which.Message.Should()
            .Contain("content_classes").And.Contain("lambda must").And.Contain("encoder.input_bins");
    }

    [Fact]
    public void Bind_Choices_TakeSnakeOrKebabSpellingAndListTheChoicesOtherwise()
    {
        static SitOptions Bind(string key, string value) =>
            new ConfigMap(new Dictionary<string, object?> { [key] = value }, "model_options").Bind<SitOptions>();

        Bind("adversary_loss", "mean-matching").AdversaryLoss.Should().Be(AdversaryLoss.MeanMatching);
        Bind("adversary_loss", "mean_matching").AdversaryLoss.Should().Be(AdversaryLoss.MeanMatching);
        var act = () => Bind("adversary_loss", "min");
        act.Should().Throw<ConfigException>().WithMessage("*model_options.adversary_loss: 'min' is not one of reversal, confusion, mean_matching, discriminant*");
        var schedule = () => Bind("lambda_schedule", "ramp");
        schedule.Should().Throw<ConfigException>().WithMessage("*'ramp' is not one of constant, dann*");
    }
}
