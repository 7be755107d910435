using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Probes;
using SpeechDisentangle.Models.Common.SpeechData;

namespace SpeechDisentangle.Models.Tests.Common.Probes;

[Collection("torch")]
public sealed class PooledFeatureProbeTests
{
    static SpeechUtterance Utt(string speaker, string text, int n, float[] feats, int bins) =>
        new($"{speaker}_{text}_{n:D2}", speaker, text, feats, feats.Length / bins, bins);

    /// <summary>Speakers with their own offset per bin, words with their own pattern, renditions with noise.</summary>
    static List<SpeechUtterance> Corpus(int speakers, int words, int renditions, double noise, int seed)
    {
        var rng = new Random(seed);
        const int bins = 6, frames = 5;
        var speakerOffset = Enumerable.Range(0, speakers).Select(_ => Enumerable.Range(0, bins).Select(_ => rng.NextDouble() * 8).ToArray()).ToArray();
        var wordPattern = Enumerable.Range(0, words).Select(_ => Enumerable.Range(0, bins).Select(_ => rng.NextDouble() * 2).ToArray()).ToArray();
        var result = new List<SpeechUtterance>();
        for (int s = 0; s < speakers; s++)
            for (int w = 0; w < words; w++)
                for (int r = 0; r < renditions; r++)
                {
                    var feats = new float[frames * bins];
                    for (int t = 0; t < frames; t++)
                        for (int b = 0; b < bins; b++)
                            feats[(t * bins) + b] = (float)(speakerOffset[s][b] + wordPattern[w][b] + (noise * ((rng.NextDouble() * 2) - 1)));
                    result.Add(Utt($"s{s:D2}", $"w{w}", r, feats, bins));
                }
        return result;
    }

    [Fact]
    public void Pool_GivesMeanThenStdOfEachBin()
    {
        var pooled = PooledFeatureProbe.Pool([Utt("a", "x", 0, [1, 2, 3, 6], bins: 2)]);

        pooled.shape.Should().Equal(1, 4);
        pooled.data<float>().ToArray().Should().Equal(2f, 4f, 1f, 2f);
    }

    [Fact]
    public void Split_HoldsOutTheLastRenditionsOfEachSpeakerAndWord_OrWholeWords()
    {
        var utts = Corpus(speakers: 2, words: 2, renditions: 4, noise: 0.1, seed: 1);

        var (train, held) = PooledFeatureProbe.Split(utts, new PooledProbeOptions { HeldFraction = 0.25 });
        held.Should().HaveCount(4).And.OnlyContain(u => u.Utt.EndsWith("_03", StringComparison.Ordinal));
        train.Should().HaveCount(12);

        var (train2, held2) = PooledFeatureProbe.Split(utts, new PooledProbeOptions { HeldTexts = ["w1"] });
        held2.Should().HaveCount(8).And.OnlyContain(u => u.Text == "w1");
        train2.Should().OnlyContain(u => u.Text == "w0");
    }

    [Fact]
    public void Split_OneRendition_StaysForFitting()
    {
        var (train, held) = PooledFeatureProbe.Split(Corpus(2, 2, 1, 0.1, 1), new PooledProbeOptions { HeldFraction = 0.9 });
        train.Should().HaveCount(4);
        held.Should().BeEmpty();
    }

    [Fact]
    public void Run_SpeakersWellApartOnTheirOwnRenditions_AreToldApart_AndShuffledOnesAreNot()
    {
        var utts = Corpus(speakers: 8, words: 4, renditions: 4, noise: 0.2, seed: 2);
        var options = new PooledProbeOptions { Steps = 300 };

        var r = PooledFeatureProbe.Run(utts, options, "synthetic");
        r.Classes.Should().Be(8);
        r.Dimensions.Should().Be(12);
        r.HeldUtterances.Should().Be(32);
        r.LogisticAccuracy.Should().BeGreaterThan(0.9);
        r.NearestNeighbourAccuracy.Should().BeGreaterThan(0.9);
        r.FitAccuracy.Should().BeGreaterThan(0.9);

        // Speaker labels that follow nothing in the features: the held-out renditions cannot be told apart.
        var rng = new Random(5);
        var shuffled = utts.Select(u => u with { Speaker = $"s{rng.Next(8):D2}" }).ToList();
        PooledFeatureProbe.Run(shuffled, options, "shuffled").LogisticAccuracy.Should().BeLessThan(0.5);
    }

    [Fact]
    public void CrossValidationFolds_ScoreEachRenditionOnce_AndNeverFitWhatTheyScore()
    {
        var utts = Corpus(speakers: 2, words: 2, renditions: 5, noise: 0.1, seed: 1);
        utts.Add(Utt("s00", "once", 0, new float[6], bins: 6));

        var folds = PooledFeatureProbe.CrossValidationFolds(utts, 3);

        folds.Should().HaveCount(3);
        folds.SelectMany(f => f.Held).Should().OnlyHaveUniqueItems().And.HaveCount(20);
        folds.Should().OnlyContain(f => !f.Train.Intersect(f.Held).Any() && f.Train.Count + f.Held.Count == utts.Count);
        // Renditions 0 and 3 of every speaker's word in fold 0; the transcript said once is only fitted.
        folds[0].Held.Select(u => u.Utt[^2..]).Distinct().Should().BeEquivalentTo("00", "03");
        folds.Should().OnlyContain(f => f.Train.Any(u => u.Text == "once"));
    }

    [Fact]
    public void Run_WithFolds_ScoresEveryUtterance_AndReportsEachFold()
    {
        var utts = Corpus(speakers: 8, words: 4, renditions: 4, noise: 0.2, seed: 2);

        var r = PooledFeatureProbe.Run(utts, new PooledProbeOptions { Steps = 300, Folds = 4 }, "synthetic");

        r.HeldUtterances.Should().Be(128);
        r.TrainUtterances.Should().Be(96);
        r.FoldAccuracies.Should().HaveCount(4).And.OnlyContain(a => a > 0.9);
        r.LogisticAccuracy.Should().BeApproximately(r.FoldAccuracies.Average(), 1e-12);  // equal folds
        r.NearestNeighbourAccuracy.Should().BeGreaterThan(0.9);
        PooledFeatureProbe.Run(utts, new PooledProbeOptions { Steps = 300 }, "synthetic").FoldAccuracies.Should().BeEmpty();

        var rng = new Random(5);
        var shuffled = utts.Select(u => u with { Speaker = $"s{rng.Next(8):D2}" }).ToList();
        PooledFeatureProbe.Run(shuffled, new PooledProbeOptions { Steps = 300, Folds = 4 }, "shuffled").LogisticAccuracy.Should().BeLessThan(0.5);
    }

    [Fact]
    public void Run_MoreFoldsThanRenditions_SaysWhichFoldIsEmptyAndWhy()
    {
        var act = () => PooledFeatureProbe.Run(Corpus(2, 2, 3, 0.1, 1), new PooledProbeOptions { Folds = 5 }, "data/three-each");
        act.Should().Throw<ArgumentException>().WithMessage("data/three-each: fold 4 of 5 scores nothing: no speaker says a transcript more than 3 times*use fewer folds*");
    }

    [Fact]
    public void Run_ContentLabel_ReadsTheWords()
    {
        var r = PooledFeatureProbe.Run(Corpus(4, 5, 4, 0.2, 3), new PooledProbeOptions { Label = PooledProbeLabel.Content, Steps = 300 }, "synthetic");
        r.Classes.Should().Be(5);
        r.LogisticAccuracy.Should().BeGreaterThan(0.9);
    }

    [Fact]
    public void Run_NothingToScore_SaysWhy()
    {
        var act = () => PooledFeatureProbe.Run(Corpus(2, 2, 1, 0.1, 1), new PooledProbeOptions(), "data/one-each");
        act.Should().Throw<ArgumentException>().WithMessage("data/one-each: the split leaves 4 utterances to fit and 0 to score*");
    }

    [Theory]
    [InlineData((PooledProbeLabel)7, 0.25, "", "*label 7 is not speaker or content*")]
    [InlineData(PooledProbeLabel.Speaker, 1.0, "", "*held-fraction must be in (0, 1)*")]
    [InlineData(PooledProbeLabel.Content, 0.25, "w1", "*held-texts needs label speaker*")]
    [InlineData(PooledProbeLabel.Speaker, 0.25, "", "*folds must be 0 (one split) or >= 2, got 1*", 1)]
    [InlineData(PooledProbeLabel.Speaker, 0.25, "w1", "*folds and held-texts exclude each other*", 5)]
    [InlineData(PooledProbeLabel.Speaker, 0.4, "", "*folds and held-fraction exclude each other*", 5)]
    public void Validate_BadOptions_SayWhich(PooledProbeLabel label, double fraction, string texts, string message, int folds = 0)
    {
        var options = new PooledProbeOptions { Label = label, HeldFraction = fraction, HeldTexts = texts.Length > 0 ? [texts] : [], Folds = folds };
        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithMessage(message);
    }
}
