using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Tests.Corpora;

public sealed class SynthVoicesTests
{
    [Fact]
    public void Voices_AreDistinctSpecsWithAGender()
    {
        var voices = Enumerable.Range(0, SynthVoices.Count).Select(SynthVoices.Get).ToList();

        voices.Select(v => v.Voice).Should().OnlyHaveUniqueItems();
        voices.Should().OnlyContain(v => v.Voice.Contains('+') && (v.Gender == "M" || v.Gender == "F"));
        voices.Where(v => v.Voice.StartsWith("en-gb+", StringComparison.Ordinal)).Should().BeEmpty("espeak-ng ignores the variant of plain en-gb");
        SynthVoices.Get(0).Voice.Should().Be("en-us+m3", "appending voices must not change the corpora made before");
        SynthVoices.Get(15).Voice.Should().Be("en+klatt3");
    }

    [Fact]
    public void TimitSpeakerIds_AreUniqueAndKeepTimitsShape()
    {
        var ids = Enumerable.Range(0, SynthVoices.Count).Select(SynthTimitCorpus.SpeakerId).ToList();

        ids.Should().OnlyHaveUniqueItems();
        ids.Should().OnlyContain(id => System.Text.RegularExpressions.Regex.IsMatch(id, "^[MF]SY[A-Z][0-9]$"));
        ids[0].Should().Be("MSYA0");
    }

    [Fact]
    public void TimitSpeakerIds_OfDrawnVoices_AreUniqueAndFitTimitsLayoutUpToTheMaximum()
    {
        var male = new SynthSpeaker("en+sdtv0001", "M", VoiceSampler.Draw(1, seed: 0)[0]);
        var ids = Enumerable.Range(0, SynthSpeaker.MaxDrawn).Select(i => SynthTimitCorpus.SpeakerId(i, male)).ToList();

        ids.Should().OnlyHaveUniqueItems();
        ids.Should().OnlyContain(id => System.Text.RegularExpressions.Regex.IsMatch(id, "^M[A-Z]{3}[0-9]$"));
        ids.Should().NotIntersectWith(Enumerable.Range(0, SynthVoices.Count).Select(SynthTimitCorpus.SpeakerId));
        ids[1].Should().Be("MVAB0");
    }

    [Fact]
    public void TimitOptions_TooManyNamedVoices_PointsToDrawnVoices()
    {
        var act = () => new SynthTimitOptions { TrainSpeakers = 40, TestSpeakers = 5 }.Validate();
        act.Should().Throw<ArgumentException>().WithMessage("*train-speakers + test-speakers must be in [3, 40]*--draw-voices*");
        new SynthTimitOptions { TrainSpeakers = 40, TestSpeakers = 5, VoiceSeed = 1 }.Validate();
    }
}
