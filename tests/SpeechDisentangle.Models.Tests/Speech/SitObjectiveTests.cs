using SpeechDisentangle.Models.Speech;

namespace SpeechDisentangle.Models.Tests.Speech;

[Collection("torch")]
public class SitObjectiveTests
{
    [Fact]
    public void LambdaAt_BaselineConstantAndDann_GiveZeroWeightAndRamp()
    {
        var encoder = new SpeechEncoderOptions { InputBins = 4, Channels = [4], Kernels = [3], Dilations = [1] };
        var sit = new SitOptions { Encoder = encoder, ContentClasses = 2, SpeakerClasses = 2, Lambda = 2 };
        new SitObjective(new SitModel(sit with { Adversarial = false })).LambdaAt(0.9).Should().Be(0);
        new SitObjective(new SitModel(sit)).LambdaAt(0.1).Should().Be(2);
        new SitObjective(new SitModel(sit with { LambdaSchedule = "dann" })).LambdaAt(0.5).Should().BeApproximately(2 * 0.9866142981514303, 1e-12);
    }
}
