using SpeechDisentangle.Models.Speech;
using SpeechDisentangle.Models.Tests.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Speech;

[Collection("torch")]
public class SitObjectiveTests
{
    public SitObjectiveTests() => TorchTestSetup.Init();

    [Fact]
    public void BetweenSpeakerShare_SpeakerOnlyVersusSpeakerFree_GivesOneAndZero()
    {
        using var scope = NewDisposeScope();
        var speakers = tensor(new long[] { 0, 0, 1, 1, 2, 2 });
        // Each dimension is the speaker's index: all variance lies between speakers.
        var bySpeaker = speakers.to(ScalarType.Float32).unsqueeze(1).expand(-1, 3);
        // Each speaker has the values -1 and +1: every speaker's mean is the overall mean.
        var free = tensor(new float[] { -1, 1, 1, -1, -1, 1 }).unsqueeze(1).expand(-1, 3);

        SitObjective.BetweenSpeakerShare(bySpeaker, speakers).item<float>().Should().BeApproximately(5f / 6, 1e-4f, "the batch std has Bessel's correction: share = (n - 1) / n");
        SitObjective.BetweenSpeakerShare(free, speakers).item<float>().Should().BeApproximately(0f, 1e-6f);
    }

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
