using SpeechDisentangle.Models.Vocoder.Discriminators;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Vocoder;

[Collection("torch")]
public class HingeGanLossTests
{
    private static DiscriminatorOutput Output(double score, params double[] features) =>
        new(full(3, 4, score), [.. features.Select(f => full(2, 5, f))]);

    [Fact]
    public void Discriminator_PerfectJudge_HasNoLoss()
    {
        using var scope = NewDisposeScope();
        var loss = HingeGanLoss.Discriminator([Output(1.0), Output(2.5)], [Output(-1.0), Output(-3.0)]);
        loss.item<float>().Should().Be(0);
    }

    [Fact]
    public void Discriminator_UndecidedJudge_PaysOneForRealAndOneForFake()
    {
        using var scope = NewDisposeScope();
        var loss = HingeGanLoss.Discriminator([Output(0), Output(0)], [Output(0), Output(0)]);
        loss.item<float>().Should().BeApproximately(2f, 1e-6f);
    }

    [Fact]
    public void Generator_AudioScoredReal_HasNoLossAndAudioScoredFakePaysTheMargin()
    {
        using var scope = NewDisposeScope();
        HingeGanLoss.Generator([Output(1.0), Output(4.0)]).item<float>().Should().Be(0);
        // Mean over discriminators of relu(1 - score): (2 + 0) / 2.
        HingeGanLoss.Generator([Output(-1.0), Output(1.0)]).item<float>().Should().BeApproximately(1f, 1e-6f);
    }

    [Fact]
    public void FeatureMatching_IdenticalFeatures_IsZero_AndSumsLayerDistancesOtherwise()
    {
        using var scope = NewDisposeScope();
        HingeGanLoss.FeatureMatching([Output(0, 0.3, -2.0)], [Output(5, 0.3, -2.0)]).item<float>().Should().Be(0);
        // Layers differ by 0.5 and 1.5: their sum, averaged over the one discriminator.
        HingeGanLoss.FeatureMatching([Output(0, 0.0, 1.0)], [Output(0, 0.5, -0.5)]).item<float>().Should().BeApproximately(2f, 1e-6f);
    }

    [Fact]
    public void Discriminator_UnpairedLists_SaysBothCounts()
    {
        using var scope = NewDisposeScope();
        var act = () => HingeGanLoss.Discriminator([Output(0), Output(0)], [Output(0)]);
        act.Should().Throw<ArgumentException>().WithMessage("*got 2 and 1*");
    }
}
