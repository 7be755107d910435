using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Tests.Features;

public class CmvnTests
{
    [Fact]
    public void Accumulate_TwoFrames_FillsKaldiLayout()
    {
        var stats = new CmvnStats(2);

        stats.Accumulate([1f, 2f, 3f, 6f]);

        var m = stats.ToMatrix();
        m.GetLength(0).Should().Be(2);
        m.GetLength(1).Should().Be(3);
        new[] { m[0, 0], m[0, 1], m[0, 2] }.Should().Equal(4, 8, 2);
        new[] { m[1, 0], m[1, 1], m[1, 2] }.Should().Equal(10, 40, 0);
        CmvnStats.FromMatrix(m).ToMatrix().Should().BeEquivalentTo(m);
    }

    [Fact]
    public void ApplyPerUtterance_NormVars_GivesZeroMeanUnitVariance()
    {
        var random = new Random(5);
        var features = Enumerable.Range(0, 300).Select(i => (float)((i % 3 * 10) + (random.NextDouble() * (1 + (i % 3))))).ToArray();

        Cmvn.ApplyPerUtterance(features, 3, normVars: true);

        for (var d = 0; d < 3; d++)
        {
            var column = Enumerable.Range(0, 100).Select(t => (double)features[(t * 3) + d]).ToArray();
            column.Average().Should().BeApproximately(0, 1e-5);
            column.Select(v => v * v).Average().Should().BeApproximately(1, 1e-4);
        }
    }

    [Fact]
    public void Apply_MeanOnly_KeepsSpread()
    {
        var stats = new CmvnStats(1);
        stats.Accumulate([1f, 3f]);
        var features = new[] { 1f, 3f, 5f };

        stats.Apply(features);

        features.Should().Equal(-1f, 1f, 3f);
    }

    [Fact]
    public void AccumulatePerSpeaker_TwoSpeakers_SeparatesStats()
    {
        var stats = Cmvn.AccumulatePerSpeaker(
            [("a", new[] { 1f, 3f }), ("b", new[] { 10f }), ("a", new[] { 5f })], dim: 1);
        var global = Cmvn.AccumulateGlobal([[1f, 3f], [10f], [5f]], dim: 1);

        stats["a"].Count.Should().Be(3);
        stats["a"].Mean().Should().Equal(3.0);
        stats["b"].Mean().Should().Equal(10.0);
        global.Count.Should().Be(4);
        global.Mean()[0].Should().BeApproximately(19.0 / 4, 1e-12);
    }

    [Fact]
    public void Apply_ConstantColumnWithNormVars_UsesVarianceFloorNotNaN()
    {
        var features = new[] { 2f, 2f, 2f };

        Cmvn.ApplyPerUtterance(features, 1, normVars: true);

        features.Should().OnlyContain(v => v == 0f);
    }

    [Fact]
    public void Apply_EmptyStats_ThrowsInsufficientCount()
    {
        var act = () => new CmvnStats(2).Apply(new float[4]);

        act.Should().Throw<InvalidOperationException>().WithMessage("*frame count*");
    }

    [Fact]
    public void Accumulate_RaggedBuffer_Throws()
    {
        var act = () => new CmvnStats(3).Accumulate(new float[4]);

        act.Should().Throw<ArgumentException>().WithMessage("*4 floats*3-dimensional*");
    }
}
