using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Sit;
using SpeechDisentangle.Models.Tests.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Sit;

[Collection("torch")]
public class SitObjectiveTests
{
    public SitObjectiveTests() => TorchTestSetup.Init();

    [Fact]
    public void FrameConsistency_ZeroForEqualFramesAboutTwoForUnrelatedAndBlindToScaleAndPadding()
    {
        using var scope = NewDisposeScope();
        using var g = manual_seed(5);
        var lengths = tensor(new long[] { 50, 30 });
        var a = randn(2, 50, 8, generator: g);
        var b = randn(2, 50, 8, generator: g);
        EncoderOutput Output(Tensor frames) => new(frames, lengths, frames.mean([1L]));
        SitObjective.FrameConsistency(Output(a), Output(a)).item<float>().Should().Be(0f);
        SitObjective.FrameConsistency(Output(a), Output(b)).item<float>().Should().BeInRange(1.6f, 2.4f, "two independent unit-variance sets differ by twice the variance");
        SitObjective.FrameConsistency(Output(a * 10), Output(b * 10)).item<float>()
            .Should().BeApproximately(SitObjective.FrameConsistency(Output(a), Output(b)).item<float>(), 1e-4f, "shrinking the frames must not lower the loss");
        // Padding frames (row 1 past 30) do not count.
        var paddedOnly = a.clone();
        paddedOnly[1, 30.., ..] = paddedOnly[1, 30.., ..] + 100;
        SitObjective.FrameConsistency(Output(a), Output(paddedOnly)).item<float>().Should().Be(0f);
    }

    [Fact]
    public void Options_ConsistencyWithoutPerturbation_IsRefused()
    {
        var options = new SitOptions { PerturbationConsistency = 1 };
        options.Errors().Should().ContainSingle(e => e.Contains("perturbation_consistency needs voice_perturbation"));
        (options with { VoicePerturbation = new() { Formant = 0.1 } }).Errors().Should().BeEmpty();
    }

    [Fact]
    public void BetweenSpeakerShare_SpeakerOnlyVersusSpeakerFree_GivesOneAndZero()
    {
        using var scope = NewDisposeScope();
        var speakers = tensor(new long[] { 0, 0, 1, 1, 2, 2 });
        // Each dimension is the speaker's index: all variance lies between speakers.
        var bySpeaker = speakers.to(ScalarType.Float32).unsqueeze(1).expand(-1, 3);
        // Each speaker has the values -1 and +1: every speaker's mean is the overall mean.
        var free = tensor(new float[] { -1, 1, 1, -1, -1, 1 }).unsqueeze(1).expand(-1, 3);

        SitObjective.BetweenSpeakerShare(bySpeaker, speakers, 3).item<float>().Should().BeApproximately(1f, 1e-5f);
        SitObjective.BetweenSpeakerShare(free, speakers, 3).item<float>().Should().BeApproximately(0f, 1e-6f);
    }

    [Fact]
    public void WithinContentSpeakerShare_SeesAWordDependentVoiceOffset_ThatTheShareOverAllWordsMisses()
    {
        using var scope = NewDisposeScope();
        // Two speakers x two words x two renditions; speaker 0 says word 0 high and word 1 low, speaker 1 the reverse:
        // their means over both words are equal, their means within a word are not.
        var speakers = tensor(new long[] { 0, 0, 0, 0, 1, 1, 1, 1 });
        var words = tensor(new long[] { 0, 0, 1, 1, 0, 0, 1, 1 });
        var interaction = tensor(new float[] { 1, 1, -1, -1, -1, -1, 1, 1 });
        var rendition = tensor(new float[] { 0.1f, -0.1f, 0.1f, -0.1f, 0.1f, -0.1f, 0.1f, -0.1f });
        var wordMean = words.to(ScalarType.Float32) * 5;
        var z = stack([wordMean + interaction + rendition, wordMean + rendition], 1);

        SitObjective.BetweenSpeakerShare(z, speakers, 2).item<float>().Should().BeApproximately(0f, 1e-6f);
        float within = SitObjective.WithinContentSpeakerShare(z, speakers, words).item<float>();
        // Cells sum of squares 8 (the interaction) over a total of 8 + 2 x 50 + 0.16.
        within.Should().BeApproximately(8f / 108.16f, 1e-5f);

        var noVoice = stack([wordMean + rendition, wordMean - rendition], 1);
        SitObjective.WithinContentSpeakerShare(noVoice, speakers, words).item<float>().Should().BeApproximately(0f, 1e-6f);
        // Rows without content (-100) are one more class of their own.
        var unlabelled = words.masked_fill(words.eq(1), -100);
        SitObjective.WithinContentSpeakerShare(z, speakers, unlabelled).item<float>().Should().BeApproximately(within, 1e-6f);
    }

    [Fact]
    public void Options_WithinContent_NeedsAClosedFormAdversaryAndUtteranceContent()
    {
        new SitOptions { AdversaryWithinContent = true, AdversaryLoss = AdversaryLoss.Discriminant }.Errors().Should().BeEmpty();
        new SitOptions { AdversaryWithinContent = true }.Errors().Should().ContainSingle(e => e.Contains("adversary_within_content needs adversary_loss discriminant or mean_matching"));
        new SitOptions { AdversaryWithinContent = true, AdversaryLoss = AdversaryLoss.MeanMatching, FrameLevelContent = true }.Errors()
            .Should().ContainSingle(e => e.Contains("needs utterance-level content"));
        new SitDataOptions { ContentPairs = true }.Errors().Should().ContainSingle(e => e.Contains("data.content_pairs needs data.speakers_per_batch"));
    }

    [Fact]
    public void RunningWhitening_AfterOneBatch_GivesUnitCovariance()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var mixing = tensor(new float[] { 3, 0, 0, 1, 0.5f, 0, 2, -1, 0.1f }).reshape(3, 3);
        var x = randn(4000, 3).matmul(mixing) + 5;
        var whitening = new RunningWhitening(3, momentum: 0.1, shrinkage: 1e-6);
        whitening.Update(x);
        var z = whitening.Apply(x);
        var covariance = z.t().matmul(z - z.mean([0])) / (x.shape[0] - 1);
        (covariance - eye(3)).abs().max().item<float>().Should().BeLessThan(1e-2f, "float32 eigen-decomposition of a covariance whose eigenvalues span ~3 decades");
        z.mean([0]).abs().max().item<float>().Should().BeLessThan(1e-3f);
    }

    [Fact]
    public void DiscriminantShare_FindsASpeakerInALowVarianceDirection_ThatPerDimensionSharesMiss()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        // Both dimensions carry the same large noise; only their difference (0.05 x speaker) tells the speakers apart.
        var speakers = arange(400, dtype: ScalarType.Int64).remainder(2);
        var noise = randn(400, 1);
        var x = cat([noise, noise + 0.05f * speakers.to(ScalarType.Float32).unsqueeze(1)], 1);
        float perDimension = SitObjective.BetweenSpeakerShare(x / x.std(0, keepdim: true), speakers, 2).item<float>();
        var whitening = new RunningWhitening(2, momentum: 1, shrinkage: 1e-6);
        whitening.Update(x);
        float whitened = SitObjective.BetweenSpeakerShare(whitening.Apply(x), speakers, 2).item<float>();
        perDimension.Should().BeLessThan(0.01f);
        whitened.Should().BeGreaterThan(0.4f, "the difference direction is all speaker, and whitening gives it half the variance");
    }

    [Fact]
    public void AdversaryInput_FrameStats_IsTheFramesMeanAndStd_AndWhitensThatWidth()
    {
        var encoder = new SpeechEncoderOptions { InputBins = 4, Channels = [3], Kernels = [3], Dilations = [1], PoolStd = false };
        var sit = new SitOptions { Encoder = encoder, ContentClasses = 2, SpeakerClasses = 2, AdversaryLoss = AdversaryLoss.Discriminant };
        var frames = randn(2, 5, 3);
        var lengths = tensor(new long[] { 5, 3 });
        var encoded = new EncoderOutput(frames, lengths, MaskedStatsPooling.Pool(frames, lengths, withStd: false));

        using var plain = new SitModel(sit);
        using var stats = new SitModel(sit with { AdversaryInput = AdversaryInput.FrameStats });

        new SitObjective(plain).AdversaryReads(encoded).Should().BeSameAs(encoded.Pooled);
        var read = new SitObjective(stats).AdversaryReads(encoded);
        read.shape.Should().Equal(2, 6);
        read.allclose(MaskedStatsPooling.Pool(frames, lengths, withStd: true)).Should().BeTrue();
        read[1, 3].item<float>().Should().BeApproximately(frames[1, ..3, 0].std(unbiased: false).item<float>(), 1e-5f, "the second utterance's first 3 frames only");
        stats.Whitening!.Apply(read).shape.Should().Equal(2, 6);
    }

    [Fact]
    public void Options_FrameStatsWithAClassifierAdversary_IsRefused()
    {
        var options = new SitOptions { AdversaryInput = AdversaryInput.FrameStats, AdversaryLoss = AdversaryLoss.Confusion };
        options.Errors().Should().ContainSingle(e => e.Contains("adversary_input frame_stats needs adversary_loss discriminant or mean_matching"));
        (options with { AdversaryLoss = AdversaryLoss.MeanMatching }).Errors().Should().BeEmpty();
    }

    [Fact]
    public void LambdaAt_BaselineConstantAndDann_GiveZeroWeightAndRamp()
    {
        var encoder = new SpeechEncoderOptions { InputBins = 4, Channels = [4], Kernels = [3], Dilations = [1] };
        var sit = new SitOptions { Encoder = encoder, ContentClasses = 2, SpeakerClasses = 2, Lambda = 2 };
        new SitObjective(new SitModel(sit with { Adversarial = false })).LambdaAt(0.9).Should().Be(0);
        new SitObjective(new SitModel(sit)).LambdaAt(0.1).Should().Be(2);
        new SitObjective(new SitModel(sit with { LambdaSchedule = LambdaSchedule.Dann })).LambdaAt(0.5).Should().BeApproximately(2 * 0.9866142981514303, 1e-12);
    }
}
