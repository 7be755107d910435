using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests;

/// <summary>Proves the native TorchSharp library loads on this machine (the GLIBCXX weak-flag fix) and autograd works.</summary>
public class TorchSharpLoadsTests
{
    [Fact]
    public void MatmulAndBackward_OnCpu_GiveAnalyticGradient()
    {
        var x = tensor(new float[] { 1, 2, 3 }, requires_grad: true);
        var w = tensor(new float[] { 0.5f, -1f, 2f });
        var y = (x * w).sum() + (x * x).sum();
        y.backward();
        // d/dx (w.x + x.x) = w + 2x
        x.grad!.data<float>().ToArray().Should().Equal(2.5f, 3f, 8f);
        y.item<float>().Should().BeApproximately(0.5f - 2f + 6f + 14f, 1e-5f);
    }
}
