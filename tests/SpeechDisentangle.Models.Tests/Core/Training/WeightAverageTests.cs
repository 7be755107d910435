using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Training;

[Collection("torch")]
public class WeightAverageTests
{
    [Fact]
    public void Update_BlendsParametersAndCopiesBuffers()
    {
        var average = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2));
        var source = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2));
        var before = average.named_parameters().ToDictionary(p => p.name, p => p.parameter.clone());
        using (no_grad()) foreach (var b in source.buffers()) b.add_(5);

        WeightAverage.Update(average, source, 0.9);

        var sourceParameters = source.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, value) in average.named_parameters())
        {
            var expected = (0.9 * before[name]) + (0.1 * sourceParameters[name]);
            value.allclose(expected, rtol: 0, atol: 1e-6).Should().BeTrue(name);
        }
        var sourceBuffers = source.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, value) in average.named_buffers())
            value.eq(sourceBuffers[name]).all().item<bool>().Should().BeTrue($"{name} is copied, not averaged");
    }

    [Fact]
    public void CopyFrom_MakesAnExactCopy()
    {
        var average = nn.Linear(4, 3);
        var source = nn.Linear(4, 3);

        WeightAverage.CopyFrom(average, source);

        average.weight!.eq(source.weight!).all().item<bool>().Should().BeTrue();
        average.bias!.eq(source.bias!).all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void DecayAt_WarmsUpThenHoldsTheDecay()
    {
        WeightAverage.DecayAt(0.999, 0).Should().BeApproximately(0.1, 1e-12);
        WeightAverage.DecayAt(0.999, 90).Should().BeApproximately(0.91, 1e-12);
        WeightAverage.DecayAt(0.999, 1_000_000).Should().Be(0.999);
        var act = () => WeightAverage.DecayAt(1.0, 5);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Update_DifferentShapes_ThrowsNamingTheParameter()
    {
        var act = () => WeightAverage.Update(nn.Linear(3, 2), nn.Linear(4, 2), 0.5);
        act.Should().Throw<ArgumentException>().WithMessage("*weight*[2, 3]*[2, 4]*");
    }
}
