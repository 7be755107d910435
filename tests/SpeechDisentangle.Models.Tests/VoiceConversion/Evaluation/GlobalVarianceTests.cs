using SpeechDisentangle.Models.VoiceConversion.Evaluation;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.Evaluation;

[Collection("torch")]
public class GlobalVarianceTests
{
    [Fact]
    public void Ratio_HalvedDeviations_IsOneQuarter()
    {
        using var scope = NewDisposeScope();
        var reference = randn(8, 50, generator: new Generator(3)) + 2;
        var smoothed = ((reference - reference.mean([1], keepdim: true)) * 0.5) + 1;

        GlobalVariance.Ratio(reference, smoothed).Should().BeApproximately(0.25, 1e-5);
    }

    [Fact]
    public void Ratio_TimeAveragedCopy_FallsBelowOne_AndIdenticalIsOne()
    {
        using var scope = NewDisposeScope();
        var reference = randn(8, 60, generator: new Generator(4));
        var blurred = nn.functional.avg_pool1d(reference.unsqueeze(0), 5, 1, 2).squeeze(0);

        GlobalVariance.Ratio(reference, reference).Should().BeApproximately(1, 1e-9);
        GlobalVariance.Ratio(reference, blurred).Should().BeLessThan(0.5);
    }

    [Fact]
    public void Ratio_DifferentBands_ThrowsNamingShapes()
    {
        using var scope = NewDisposeScope();
        var act = () => GlobalVariance.Ratio(zeros(8, 10), zeros(6, 10));
        act.Should().Throw<ArgumentException>().WithMessage("*[8, 10]*[6, 10]*");
    }
}
