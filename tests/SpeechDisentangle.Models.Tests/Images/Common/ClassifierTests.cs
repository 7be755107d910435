using SpeechDisentangle.Models.Common.Metrics;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Images.Common;
using SpeechDisentangle.Models.Images.VaeGan;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Images.Common;

[Collection("torch")]
public class ClassifierTests
{
    [Fact]
    public void ClassifierObjective_Train_ClassifiesHeldOutImages()
    {
        var (classifier, _) = TrainedClassifier();
        var (testX, testY) = SyntheticDigits.Make(perClass: 10, seed: 22);

        ClassifierMetrics.Accuracy(classifier, classifier.forward, testX, testY).Should().BeGreaterThan(0.8, "chance is 0.1");
    }

    [Fact]
    public void FrechetDistance_RealVersusReal_IsSmallerThanRealVersusNoise()
    {
        var (classifier, _) = TrainedClassifier();
        var (realA, _) = SyntheticDigits.Make(perClass: 10, seed: 23);
        var (realB, _) = SyntheticDigits.Make(perClass: 10, seed: 24);
        using var g = new Generator(25);
        var noise = rand([100, 1, 28, 28], generator: g) * 2 - 1;

        var same = ImageQuality.FrechetDistance(classifier, realA, realB);
        var different = ImageQuality.FrechetDistance(classifier, realA, noise);

        same.Should().BeLessThan(0.5 * different);
    }

    private static (MnistFeatureClassifier Classifier, ClassifierObjective Objective) TrainedClassifier()
    {
        var (x, y) = SyntheticDigits.Make(perClass: 10, seed: 21);
        Trainer.SeedEverything(21);
        var classifier = new MnistFeatureClassifier(new MnistClassifierOptions { BaseChannels = 4, FeatureDim = 16, Dropout = 0 });
        var objective = new ClassifierObjective(classifier);
        using var runner = new TurnRunner(objective);
        runner.Train(60, g => TurnRunner.Sample(g, 32, ("x", x), ("y", y)));
        return (classifier, objective);
    }
}
