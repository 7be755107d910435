using SpeechDisentangle.Models.Common.Losses;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Common.Losses;

[Collection("torch")]
public class LeastSquaresGanLossesTests
{
    [Fact]
    public void RealAndFake_AreSquaredDistancesToOneAndZero()
    {
        using var scope = NewDisposeScope();
        var outputs = tensor(new[] { 0f, 1f, 3f });
        LeastSquaresGanLosses.Real(outputs).item<float>().Should().BeApproximately((1f + 0f + 4f) / 3, 1e-6f);
        LeastSquaresGanLosses.Fake(outputs).item<float>().Should().BeApproximately((0f + 1f + 9f) / 3, 1e-6f);
    }

    [Fact]
    public void FeatureMatching_MeanOfLayerL1_AndNoGradientIntoReal()
    {
        using var scope = NewDisposeScope();
        var fake = new[] { tensor(new[] { 1f, 2f }).requires_grad_(), tensor(new[] { 0f, 0f, 0f, 4f }).requires_grad_() };
        var real = new[] { tensor(new[] { 2f, 2f }).requires_grad_(), tensor(new[] { 0f, 0f, 0f, 0f }).requires_grad_() };

        var loss = LeastSquaresGanLosses.FeatureMatching(fake, real);
        loss.backward();

        loss.item<float>().Should().BeApproximately(((0.5f) + (1f)) / 2, 1e-6f);
        fake[0].grad.Should().NotBeNull();
        real.All(r => r.grad is null || r.grad.abs().max().item<float>() == 0f).Should().BeTrue("real features are targets, not trained");
    }

    [Fact]
    public void FeatureMatching_DifferentLayerCounts_Throws()
    {
        using var scope = NewDisposeScope();
        var act = () => LeastSquaresGanLosses.FeatureMatching([zeros(2)], [zeros(2), zeros(2)]);
        act.Should().Throw<ArgumentException>().WithMessage("*fake 1, real 2*");
    }
}
