using SpeechDisentangle.Models.Common.Probes;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Tests.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Common.Probes;

[Collection("torch")]
public class ProbeFitTests
{
    public ProbeFitTests() => TorchTestSetup.Init();

    static ProbeTraining Training(ProbeBatches batches, long seed = 1) =>
        new(Steps: 60, BatchSize: 16, new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05, Beta1 = 0.9 }, seed, Batches: batches);

    [Theory]
    [InlineData(ProbeBatches.Shuffled)]
    [InlineData(ProbeBatches.Resampled)]
    public void Train_SeparatedBlobs_LearnsThemAndAccuracyMatchesPredictions(ProbeBatches batches)
    {
        var (x, y) = ToyData.Blobs(perClass: 20, seed: 2);
        var (testX, testY) = ToyData.Blobs(perClass: 20, seed: 3);

        using var probe = ProbeFit.Train(() => nn.Linear(2, 3), x, y, Training(batches));

        var predicted = ProbeFit.Predict(probe, testX);
        double share = predicted.Zip(testY.data<long>().ToArray()).Count(p => p.First == p.Second) / (double)predicted.Length;
        ProbeFit.Accuracy(probe, testX, testY).Should().BeApproximately(share, 1e-6);
        share.Should().BeGreaterThan(0.8, "three well-separated blobs (chance 1/3)");
        probe.training.Should().BeFalse("a trained probe is handed back in eval mode");
    }

    [Fact]
    public void CrossEntropy_IsTheMeanNegativeLogProbabilityOfTheLabelledClass_IgnoringUnlabelledRows()
    {
        using var probe = nn.Linear(2, 3);
        using (no_grad())
        {
            probe.weight!.copy_(tensor(new float[] { 1, 0, 0, 1, 0, 0 }, [3, 2]));
            probe.bias!.zero_();
        }
        using var x = tensor(new float[] { 2, 0, 0, 3, 5, 5 }, [3, 2]);
        using var y = tensor(new long[] { 0, 2, -100 });

        // Logits (2, 0, 0) and (0, 3, 0): -log softmax of class 0 and of class 2; the third row does not count.
        double expected = ((Math.Log(Math.Exp(2) + 2) - 2) + Math.Log(Math.Exp(3) + 2)) / 2;
        ProbeFit.CrossEntropy(probe, x, y).Should().BeApproximately(expected, 1e-6);
        probe.training.Should().BeTrue("the probe's mode is put back");

        var (predicted, crossEntropy) = ProbeFit.Score(probe, x, y);
        predicted.Should().Equal(ProbeFit.Predict(probe, x)).And.Equal(0L, 1L, 0L);
        crossEntropy.Should().BeApproximately(expected, 1e-6, "one pass gives both");
    }

    [Fact]
    public void Train_SameSeed_GivesTheSameWeights()
    {
        var (x, y) = ToyData.Blobs(perClass: 10, seed: 4);

        using var first = ProbeFit.Train(() => nn.Linear(2, 3), x, y, Training(ProbeBatches.Resampled, seed: 7));
        using var second = ProbeFit.Train(() => nn.Linear(2, 3), x, y, Training(ProbeBatches.Resampled, seed: 7));

        first.weight!.data<float>().ToArray().Should().Equal(second.weight!.data<float>().ToArray());
    }

    [Fact]
    public void Train_LabelsDoNotMatchRows_Throws()
    {
        var act = () => ProbeFit.Train(() => nn.Linear(2, 3), zeros(4, 2), zeros(3, dtype: ScalarType.Int64), Training(ProbeBatches.Shuffled));

        act.Should().Throw<ArgumentException>().WithMessage("*4 rows and 3 labels*");
    }
}
