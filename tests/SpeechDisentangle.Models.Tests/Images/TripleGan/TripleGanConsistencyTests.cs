using SpeechDisentangle.Models.Common.Augmentation;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Images.Common;
using SpeechDisentangle.Models.Tests.Core.Training;
using SpeechDisentangle.Models.Tests.Images.Common;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Images.TripleGan;

// Imported inside the namespace: a test namespace of the same name would hide the type otherwise.
using SpeechDisentangle.Models.Images.TripleGan;

[Collection("torch")]
public class TripleGanConsistencyTests
{
    private readonly ITestOutputHelper output;

    public TripleGanConsistencyTests(ITestOutputHelper output)
    {
        TorchTestSetup.Init();
        this.output = output;
    }

    [Fact]
    public void Compute_SameLogits_IsZeroAndDifferentLogitsArePositive()
    {
        using var a = tensor(new float[] { 2, 0, -1, 0, 1, 3 }, [2, 3]);
        using var b = tensor(new float[] { -1, 0, 2, 3, 1, 0 }, [2, 3]);

        ConsistencyLoss.Compute(a, a).Loss.item<float>().Should().BeApproximately(0, 1e-7f);
        var expected = (nn.functional.softmax(a, 1) - nn.functional.softmax(b, 1)).pow(2).sum(1).mean().item<float>();
        ConsistencyLoss.Compute(a, b).Loss.item<float>().Should().BeApproximately(expected, 1e-6f).And.BeGreaterThan(0.1f);
    }

    [Fact]
    public void Compute_GradientReachesStudentOnly()
    {
        using var student = tensor(new float[] { 1, 0, 0, 0, 1, 0 }, [2, 3]).requires_grad_();
        using var teacher = tensor(new float[] { 0, 0, 3, 3, 0, 0 }, [2, 3]).requires_grad_();

        ConsistencyLoss.Compute(student, teacher).Loss.backward();

        student.grad!.abs().sum().item<float>().Should().BeGreaterThan(0);
        teacher.grad.Should().BeNull("the teacher view is a fixed target");
    }

    [Fact]
    public void Compute_WithThreshold_UsesOnlyConfidentTeacherRowsWithTheirClass()
    {
        // Row 0: teacher sure of class 2 (p ~ 0.9999); row 1: teacher unsure (uniform).
        using var student = tensor(new float[] { 1, 0, 0, 0, 1, 0 }, [2, 3]);
        using var teacher = tensor(new float[] { 0, 0, 10, 0, 0, 0 }, [2, 3]);

        var (loss, used) = ConsistencyLoss.Compute(student, teacher, threshold: 0.9);

        used.item<float>().Should().BeApproximately(0.5f, 1e-6f);
        var rowZero = nn.functional.cross_entropy(student.narrow(0, 0, 1), tensor(new long[] { 2 })).item<float>();
        loss.item<float>().Should().BeApproximately(rowZero / 2, 1e-5f, "the unsure row adds 0 to the batch mean");
    }

    [Fact]
    public void Compute_ShapesDiffer_Throws()
    {
        var act = () => ConsistencyLoss.Compute(zeros(2, 3), zeros(2, 4));
        act.Should().Throw<ArgumentException>().WithMessage("*[2, 3]*[2, 4]*");
    }

    [Fact]
    public void RampUp_RisesFromNearZeroToOneAtRampEnd()
    {
        ConsistencyLoss.RampUp(0, 0.2).Should().BeApproximately(Math.Exp(-5), 1e-12);
        ConsistencyLoss.RampUp(0.1, 0.2).Should().BeApproximately(Math.Exp(-1.25), 1e-12);
        ConsistencyLoss.RampUp(0.2, 0.2).Should().Be(1);
        ConsistencyLoss.RampUp(0.7, 0.2).Should().Be(1);
        ConsistencyLoss.RampUp(0, 0).Should().Be(1, "no ramp-up: full weight at once");
    }

    [Fact]
    public void Entropy_UniformIsLogKAndOneHotNearZero()
    {
        ConsistencyLoss.Entropy(zeros(3, 4)).item<float>().Should().BeApproximately((float)Math.Log(4), 1e-6f);
        ConsistencyLoss.Entropy(tensor(new float[] { 50, 0, 0, 0 }, [1, 4])).item<float>().Should().BeLessThan(1e-6f);
    }

    [Fact]
    public void RandomShift_Apply_MovesEachImageWholeWithinRangeAndFillsBackground()
    {
        // Each image: one bright pixel at (10, 12) on background -1.
        using var images = full(4, 1, 28, 28, -1f);
        images[.., .., 10, 12] = tensor(1f);
        using var g = new Generator(5);

        using var shifted = RandomShift.Apply(images, 2, g);

        shifted.shape.Should().Equal(4, 1, 28, 28);
        for (var i = 0; i < 4; i++)
        {
            var image = shifted[i, 0];
            image.eq(1).sum().item<long>().Should().Be(1, "the content moves, it is not duplicated or lost");
            image.eq(-1).sum().item<long>().Should().Be((28 * 28) - 1, "uncovered pixels are background");
            var at = image.flatten().argmax().item<long>();
            Math.Abs((at / 28) - 10).Should().BeLessThanOrEqualTo(2);
            Math.Abs((at % 28) - 12).Should().BeLessThanOrEqualTo(2);
        }
        RandomShift.Apply(images, 0, g).Should().BeSameAs(images);
    }

    [Fact]
    public void RandomRotateScale_Apply_KeepsBackgroundAndCentreAndVariesPerImage()
    {
        // A centred bright square on background -1 in every image: rotation and scaling about the centre keep the
        // centre bright and the far corners background, but move the square's edges differently per image.
        using var images = full(6, 1, 28, 28, -1f);
        images[.., .., 10..18, 10..18] = tensor(1f);
        using var g = new Generator(7);

        using var turned = RandomRotateScale.Apply(images, 30, 0.2, g);

        turned.shape.Should().Equal(6, 1, 28, 28);
        turned[.., 0, 13..15, 13..15].min().item<float>().Should().BeGreaterThan(0.99f);
        turned[.., 0, 0, 0].max().item<float>().Should().BeApproximately(-1f, 1e-5f);
        turned.min().item<float>().Should().BeGreaterThanOrEqualTo(-1.0001f);
        turned[0].sub(turned[1]).abs().max().item<float>().Should().BeGreaterThan(0.1f, "each image draws its own angle and scale");
        RandomRotateScale.Apply(images, 0, 0, g).Should().BeSameAs(images);
    }

    [Fact]
    public void RandomElastic_TinyAlpha_IsTheIdentity_SoTheGridIsAligned()
    {
        using var images = rand(4, 1, 28, 28, generator: new Generator(3)) * 2 - 1;
        using var g = new Generator(5);

        using var same = RandomElastic.Apply(images, 1e-6, 4, g);

        same.sub(images).abs().max().item<float>().Should().BeLessThan(1e-4f);
        RandomElastic.Apply(images, 0, 4, g).Should().BeSameAs(images);
    }

    [Fact]
    public void RandomElastic_Apply_BendsStrokesPerImage_KeepsBackgroundAndInk()
    {
        // A vertical bar on background -1: the distortion bends it differently in each image, but a blank image stays
        // blank and the bar keeps roughly its ink (a smooth field moves pixels, it does not erase them).
        using var images = full(6, 1, 28, 28, -1f);
        images[.., .., 4..24, 12..16] = tensor(1f);
        using var g = new Generator(9);

        using var bent = RandomElastic.Apply(images, 34, 4, g);

        bent.shape.Should().Equal(6, 1, 28, 28);
        bent[0].sub(images[0]).abs().max().item<float>().Should().BeGreaterThan(0.5f, "alpha 34 moves pixels by about a pixel or more");
        bent[0].sub(bent[1]).abs().max().item<float>().Should().BeGreaterThan(0.5f, "each image draws its own field");
        var ink = images.add(1).sum([1, 2, 3]);
        bent.add(1).sum([1, 2, 3]).div(ink).sub(1).abs().max().item<float>().Should().BeLessThan(0.25f);
        using var blank = full(2, 1, 28, 28, -1f);
        RandomElastic.Apply(blank, 34, 4, g).add(1).abs().max().item<float>().Should().BeLessThan(1e-5f);
    }

    [Fact]
    public void RandomCutout_Apply_BlanksOneSquarePerImageAtItsOwnPlace()
    {
        using var images = ones(8, 1, 28, 28);
        using var g = new Generator(11);

        using var cut = RandomCutout.Apply(images, 6, g);

        cut.shape.Should().Equal(8, 1, 28, 28);
        var blanked = cut.eq(-1).sum([1, 2, 3]).data<long>().ToArray();
        blanked.Should().OnlyContain(n => n > 0 && n <= 36, "one square of side 6, clipped at the border");
        cut.eq(-1).logical_or(cut.eq(1)).all().item<bool>().Should().BeTrue("pixels are either kept or background");
        cut[0].eq(cut[1]).all().item<bool>().Should().BeFalse("each image draws its own square");
        RandomCutout.Apply(images, 0, g).Should().BeSameAs(images);
    }

    [Fact]
    public void RunningStatsGuard_ForwardInside_LeavesBatchNormStatisticsAlone()
    {
        var classifier = new MnistFeatureClassifier(new MnistClassifierOptions { BaseChannels = 4, FeatureDim = 8 });
        classifier.train();
        var before = classifier.named_buffers().Where(b => b.Item1.Contains("running")).Select(b => b.Item2.clone()).ToList();
        before.Should().NotBeEmpty();

        using (new RunningStatsGuard(classifier)) classifier.forward(randn(8, 1, 28, 28) * 3);

        var after = classifier.named_buffers().Where(b => b.Item1.Contains("running")).Select(b => b.Item2).ToList();
        after.Zip(before).Should().OnlyContain(pair => pair.First.eq(pair.Second).all().item<bool>());
        classifier.forward(randn(8, 1, 28, 28) * 3);
        classifier.named_buffers().First(b => b.Item1.Contains("running")).Item2.eq(before[0]).all().item<bool>().Should().BeFalse("without the guard the statistics move");
    }

    [Fact]
    public void Step_GeneratorTurnWithDiscriminatorShift_GradientReachesGenerator()
    {
        var (x, y) = SyntheticDigits.Make(perClass: 1, seed: 53);
        Trainer.SeedEverything(53);
        var model = new TripleGan(new TripleGanNet(TripleGanTests.Tiny with { DiscriminatorShift = 2 }));
        using var g = new Generator(3);
        var batch = new Batch { ["x"] = x, ["xl"] = x, ["yl"] = y };

        model.Step(batch, TripleGan.GeneratorTurn, Stage.Train, new StepContext(0, 0, CPU, g)).Loss.backward();

        var gradients = model.Model.GeneratorModule.parameters().Where(p => p.grad is not null).ToList();
        gradients.Should().NotBeEmpty();
        gradients.Sum(p => p.grad!.abs().sum().item<float>()).Should().BeGreaterThan(0, "the shift is differentiable");
    }

    [Fact]
    public void Train_ConsistencyOnlyWithOneLabelPerClass_UsesClassifierTurnAndBeatsChance()
    {
        var run = TrainOnOneLabelPerClass(seed: 51, o => o with
        {
            ConsistencyThreshold = 0.8,
            ConsistencyNoise = 0.2,
            ConsistencyRotation = 10,
            ConsistencyScale = 0.1,
            ConsistencyCutout = 6,
            EntropyWeight = 0.1,
        });

        run.Model.Turns.Should().Equal(TripleGan.ClassifierTurn);
        output.WriteLine(FormattableString.Invariant($"one label per class: test error {run.TestError:F3}; used last10 {run.History["c_consistency_used"].TakeLast(10).Average():F3} max {run.History["c_consistency_used"].Max():F3}"));
        // Test error over seeds and CPU kernels: 0.07-0.39. Whether any unlabelled image passes the 0.8 threshold
        // within 40 steps depends on the run (in one seed none did); the threshold's mask itself is pinned by
        // Compute_WithThreshold_UsesOnlyConfidentTeacherRowsWithTheirClass.
        run.TestError.Should().BeLessThan(0.6, "chance error is 0.9");
        run.History["c_consistency_used"].Should().OnlyContain(v => v >= 0 && v <= 1);
        run.History["c_entropy"].Should().OnlyContain(v => double.IsFinite(v));
        run.History.Keys.Should().NotContain(["d_loss", "g_loss", "c_adv"]);
    }

    [Fact]
    public void Train_WithMeanTeacher_AverageFollowsClassifierAndPredictsAboveChance()
    {
        Tensor? start = null;
        var run = TrainOnOneLabelPerClass(seed: 61, o => o with { ConsistencyThreshold = 0.5, ClassifierAverageDecay = 0.9, AverageTeacher = true },
            model => start = model.Model.AveragedClassifier!.parameters().First().clone());

        var average = run.Model.Model.AveragedClassifier!;
        average.parameters().Should().OnlyContain(p => !p.requires_grad, "the optimizer must not move the average");
        var averaged = average.parameters().First();
        averaged.eq(start!).all().item<bool>().Should().BeFalse("every classifier step moves the average");
        averaged.eq(run.Model.Model.Classifier.parameters().First()).all().item<bool>().Should().BeFalse("the average lags C");
        run.Model.Model.PredictingClassifier.Should().BeSameAs(average);
        output.WriteLine(FormattableString.Invariant($"mean teacher: test error {run.TestError:F3}; used last10 {run.History["c_consistency_used"].TakeLast(10).Average():F3}"));
        run.TestError.Should().BeLessThan(0.5, "chance error is 0.9");
        run.History["c_consistency_used"].Max().Should().BeGreaterThan(0, "the teacher is confident on some images");
    }

    [Fact]
    public void Options_AverageTeacherWithoutAnAverage_IsRejected()
    {
        var act = () => new TripleGan(new TripleGanNet(TripleGanTests.Tiny with { ConsistencyWeight = 1, AverageTeacher = true }));
        act.Should().Throw<ArgumentException>().WithMessage("*average_teacher*classifier_average_decay*");
    }

    private sealed record ConsistencyRun(TripleGan Model, double TestError, Dictionary<string, List<double>> History);

    // 40 classifier-only steps on synthetic digits with one label per class; `configure` adds the consistency
    // settings under test to the tiny networks with a shift of 1 and the consistency term on.
    private static ConsistencyRun TrainOnOneLabelPerClass(int seed, Func<TripleGanOptions, TripleGanOptions> configure, Action<TripleGan>? beforeTraining = null)
    {
        var (x, y) = SyntheticDigits.Make(perClass: 20, seed: seed);
        var labelled = LabelledSubset.Select(y.data<long>().ToArray(), perClass: 1, seed: 1);
        var (testX, testY) = SyntheticDigits.Make(perClass: 10, seed: seed + 1);
        Trainer.SeedEverything(seed);
        var model = new TripleGan(new TripleGanNet(configure(TripleGanTests.Tiny with
        {
            Adversarial = false,
            AugmentShift = 1,
            ConsistencyWeight = 1,
            ConsistencyRampUp = 0.2,
        })));
        beforeTraining?.Invoke(model);
        using var source = new SemiSupervisedBatchSource(x, y, labelled, batchSize: 32, labelledBatchSize: 16);
        using var runner = new TurnRunner(model, optimizers: TripleGanTests.TinyOptimizers);
        runner.Train(40, source);
        return new ConsistencyRun(model, model.TestError(testX, testY), runner.History);
    }
}
