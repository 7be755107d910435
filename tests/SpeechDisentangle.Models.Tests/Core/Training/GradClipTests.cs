using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Training;

[Collection("torch")]
public class GradClipTests
{
    public GradClipTests() => TorchTestSetup.Init();

    static (TorchSharp.Modules.Parameter A, TorchSharp.Modules.Parameter B) WithGrads()
    {
        // Gradients (3) and (4): joint norm 5.
        var a = nn.Parameter(tensor(new float[] { 1f }));
        var b = nn.Parameter(tensor(new float[] { 1f }));
        (a * 3 + b * 4).sum().backward();
        return (a, b);
    }

    [Fact]
    public void ClipNorm_NormAboveMax_ScalesJointNormToMax()
    {
        var (a, b) = WithGrads();

        var norm = GradClip.ClipNorm([a, b], 1.0);

        norm.item<float>().Should().BeApproximately(5f, 1e-5f);
        a.grad!.item<float>().Should().BeApproximately(0.6f, 1e-5f);
        b.grad!.item<float>().Should().BeApproximately(0.8f, 1e-5f);
    }

    [Fact]
    public void ClipNorm_NormBelowMax_LeavesGradientsAlone()
    {
        var (a, b) = WithGrads();

        GradClip.ClipNorm([a, b], 10.0);

        a.grad!.item<float>().Should().Be(3f);
        b.grad!.item<float>().Should().Be(4f);
    }
}
