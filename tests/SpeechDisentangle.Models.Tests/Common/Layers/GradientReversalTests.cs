using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Tests.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Common.Layers;

[Collection("torch")]
public class GradientReversalTests
{
    public GradientReversalTests() => TorchTestSetup.Init();

    [Fact]
    public void Forward_AnyInput_ReturnsInputUnchanged()
    {
        var x = tensor(new float[] { 1.5f, -2f, 3f });
        using var grl = new GradientReversal(0.7);

        grl.forward(x).data<float>().ToArray().Should().Equal(1.5f, -2f, 3f);
    }

    [Fact]
    public void Backward_ThroughLayer_NegatesAndScalesGradientByLambda()
    {
        var x = tensor(new float[] { 1f, 2f, 3f }, requires_grad: true);
        var w = tensor(new float[] { 0.5f, -1f, 4f });
        using var grl = new GradientReversal(0.25);

        (grl.forward(x) * w).sum().backward();

        // Without the layer dL/dx = w; with it, -0.25 w.
        x.grad!.data<float>().ToArray().Should().Equal(-0.125f, 0.25f, -1f);
    }

    [Fact]
    public void Backward_AfterLambdaChange_UsesNewLambda()
    {
        var x = tensor(new float[] { 2f }, requires_grad: true);
        using var grl = new GradientReversal(1.0) { Lambda = 3.0 };

        (grl.forward(x) * 2).sum().backward();

        x.grad!.item<float>().Should().Be(-6f);
    }

    [Fact]
    public void Backward_LayersBeforeReversal_GetReversedGradientLayersAfterDoNot()
    {
        var a = tensor(new float[] { 1f }, requires_grad: true);
        var b = tensor(new float[] { 2f }, requires_grad: true);

        (GradientReversalFunction.Apply(a * 3, 1.0) * b).sum().backward();

        a.grad!.item<float>().Should().Be(-6f, "d(3a·b)/da = 3b = 6, reversed");
        b.grad!.item<float>().Should().Be(3f, "b sits after the reversal: d(3a·b)/db = 3a");
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(1.0, 0.99990920426)]
    [InlineData(0.1, 0.46211715726)]
    public void DannLambda_AtProgress_MatchesFormula(double p, double expected)
    {
        DannSchedule.Lambda(p).Should().BeApproximately(expected, 1e-9);
    }

    [Fact]
    public void DannLearningRate_AtEnd_IsBaseOver11ToThe075()
    {
        DannSchedule.LearningRate(0.01, 1.0).Should().BeApproximately(0.01 / Math.Pow(11, 0.75), 1e-15);
        DannSchedule.LearningRate(0.01, 0.0).Should().Be(0.01);
    }
}
