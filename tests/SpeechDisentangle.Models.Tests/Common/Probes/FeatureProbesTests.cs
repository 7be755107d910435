using SpeechDisentangle.Models.Common.Probes;
using SpeechDisentangle.Models.Images.TripleGan;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Common.Probes;

[Collection("torch")]
public class FeatureProbesTests
{
    private static (Tensor Features, Tensor Labels) Clusters(int perClass, double spread, int seed)
    {
        using var g = new Generator((ulong)seed);
        var labels = arange(4, dtype: ScalarType.Int64).repeat(perClass);
        var centres = eye(4) * 5;
        return (centres.index_select(0, labels) + (randn([labels.shape[0], 4], generator: g) * spread), labels);
    }

    [Fact]
    public void NearestNeighbourAccuracy_SeparatedClusters_IsPerfect()
    {
        var (train, trainY) = Clusters(20, 0.3, 1);
        var (test, testY) = Clusters(10, 0.3, 2);

        FeatureProbes.NearestNeighbourAccuracy(train, trainY, test, testY, chunk: 7).Should().Be(1.0);
    }

    [Fact]
    public void NearestNeighbourAccuracy_ShuffledTrainLabels_FallsToAboutChance()
    {
        var (train, _) = Clusters(25, 0.3, 1);
        var (test, testY) = Clusters(25, 0.3, 2);
        using var g = new Generator(3);
        var randomLabels = randint(0, 4, [train.shape[0]], dtype: ScalarType.Int64, generator: g);

        FeatureProbes.NearestNeighbourAccuracy(train, randomLabels, test, testY).Should().BeLessThan(0.6);
    }

    [Fact]
    public void LogisticRegressionAccuracy_LinearlySeparable_IsHigh()
    {
        var (train, trainY) = Clusters(30, 1.0, 4);
        var (test, testY) = Clusters(30, 1.0, 5);

        FeatureProbes.LogisticRegressionAccuracy(train, trainY, test, testY, new LogisticProbeOptions { Steps = 150 })
            .Should().BeGreaterThan(0.9);
    }

    [Fact]
    public void LogisticRegressionAccuracy_PureNoiseFeatures_StaysNearChance()
    {
        using var g = new Generator(6);
        var train = randn([200, 8], generator: g);
        var trainY = randint(0, 4, [200], dtype: ScalarType.Int64, generator: g);
        var test = randn([200, 8], generator: g);
        var testY = randint(0, 4, [200], dtype: ScalarType.Int64, generator: g);

        FeatureProbes.LogisticRegressionAccuracy(train, trainY, test, testY, new LogisticProbeOptions { Steps = 100 })
            .Should().BeLessThan(0.45, "chance is 0.25");
    }

    [Fact]
    public void NearestNeighbourAccuracy_LabelCountMismatch_Throws()
    {
        var act = () => FeatureProbes.NearestNeighbourAccuracy(zeros(5, 2), zeros(4, ScalarType.Int64), zeros(3, 2), zeros(3, ScalarType.Int64));
        act.Should().Throw<ArgumentException>().WithMessage("*train labels must be [N] = [5]*");
    }

    [Fact]
    public void LabelledSubset_Select_TakesExactlyPerClassAndRepeatsWithSeed()
    {
        var labels = Enumerable.Range(0, 300).Select(i => (long)(i % 10)).ToArray();

        var first = LabelledSubset.Select(labels, perClass: 3, seed: 9);
        var again = LabelledSubset.Select(labels, perClass: 3, seed: 9);

        first.Should().HaveCount(30).And.OnlyHaveUniqueItems().And.BeInAscendingOrder();
        first.GroupBy(i => labels[i]).Should().HaveCount(10).And.OnlyContain(group => group.Count() == 3);
        again.Should().Equal(first);
    }

    [Fact]
    public void LabelledSubset_ClassTooSmall_Throws()
    {
        var act = () => LabelledSubset.Select([0, 0, 1], perClass: 2, classes: 2);
        act.Should().Throw<ArgumentException>().WithMessage("*class 1 has 1 examples*");
    }
}
