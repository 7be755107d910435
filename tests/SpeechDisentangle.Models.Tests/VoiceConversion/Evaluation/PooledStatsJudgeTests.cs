using SpeechDisentangle.Models.Tests.Core.Training;
using SpeechDisentangle.Models.Tests.VoiceConversion.Common;
using SpeechDisentangle.Models.VoiceConversion.Evaluation;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.Evaluation;

[Collection("torch")]
public sealed class PooledStatsJudgeTests
{
    public PooledStatsJudgeTests() => TorchTestSetup.Init();

    [Fact]
    public void Train_SpeakersDifferInSpectralTilt_ClassifiesHeldOutUtterances()
    {
        var voices = new SyntheticVoices(seed: 3);
        var (train, trainLabels) = Utterances(voices, perSpeaker: 20);
        var (test, testLabels) = Utterances(voices, perSpeaker: 8);

        using var judge = PooledStatsJudge.Train(train, trainLabels, SyntheticVoices.Speakers, steps: 200, seed: 1);
        var predicted = judge.Predict(test);

        double accuracy = predicted.Zip(testLabels).Count(p => p.First == p.Second) / (double)testLabels.Count;
        accuracy.Should().BeGreaterThanOrEqualTo(0.9, "the speakers differ only in their long-term spectrum, which pooling exposes");
        foreach (var m in train.Concat(test)) m.Dispose();
    }

    [Fact]
    public void Pool_UtterancesOfDifferentLengths_MeanAndStdPerBand()
    {
        using var a = tensor(new float[] { 1, 3, 0, 0 }, [2, 2]);
        using var b = tensor(new float[] { 2, 2, 2, 5, 5, 5 }, [2, 3]);

        using var pooled = PooledStatsJudge.Pool([a, b]);

        pooled.shape.Should().Equal(2, 4);
        pooled[0].data<float>().ToArray().Should().BeEquivalentTo(new[] { 2f, 0f, MathF.Sqrt(2f), 0f }, o => o.WithStrictOrdering()
            .Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-5f)).WhenTypeIs<float>());
        pooled[1].data<float>().ToArray().Should().Equal(2f, 5f, 0f, 0f);
    }

    [Fact]
    public void Train_LabelCountDiffers_Throws()
    {
        using var a = zeros(4, 5);
        var act = () => PooledStatsJudge.Train([a], [0, 1], classes: 2, steps: 1, seed: 0);
        act.Should().Throw<ArgumentException>().WithMessage("*1 utterances but 2 labels*");
    }

    private static (List<Tensor> Mels, List<long> Labels) Utterances(SyntheticVoices voices, int perSpeaker)
    {
        var mels = new List<Tensor>();
        var labels = new List<long>();
        for (int s = 0; s < SyntheticVoices.Speakers; s++)
            for (int k = 0; k < perSpeaker; k++)
            {
                mels.Add(tensor(voices.Utterance(s), [SyntheticVoices.NMels, SyntheticVoices.Frames]));
                labels.Add(s);
            }
        return (mels, labels);
    }
}
