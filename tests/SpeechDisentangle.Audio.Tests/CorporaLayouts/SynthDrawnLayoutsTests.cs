using SpeechDisentangle.Audio.Corpora;

namespace SpeechDisentangle.Audio.Tests.CorporaLayouts;

/// <summary>Drawn voices in the LibriSpeech and TIMIT layouts: the layouts' readers accept the ids, and the parameters are kept.</summary>
public sealed class SynthDrawnLayoutsTests : TempCorpus
{
    public SynthDrawnLayoutsTests() : base("drawn-layouts") { }

    [Fact]
    public void LibriSpeech_DrawnVoices_AreReadBackWithTheirSexAndParameters()
    {
        var options = new SynthDigitsOptions { Speakers = 2, RepeatsPerDigit = 1, SentencesPerSpeaker = 0, VoiceSeed = 3, Jobs = 2 };
        SynthLibriSpeechCorpus.Synthesise(Root, "dev-clean", options);

        var utts = LibriSpeechLayout.Read(Root, "dev-clean");
        utts.Select(u => u.Speaker).Distinct().Should().Equal("1001", "1002");
        var speakers = LibriSpeechSpeakers.Read(LibriSpeechLayout.SpeakersFile(Root));
        var voices = VoiceSampler.Draw(2, seed: 3);
        speakers["1001"].Sex.Should().Be(voices[0].Gender);
        speakers["1002"].Name.Should().Contain(voices[1].Spec);
        File.ReadAllLines(Path.Combine(Root, VoiceTable.FileName)).Skip(1).Select(l => l.Split('\t')[0]).Should().Equal("1001", "1002");
    }

    [Fact]
    public void Timit_DrawnVoices_AreReadBackFromTrainAndTest()
    {
        var options = new SynthTimitOptions { TrainSpeakers = 2, TestSpeakers = 1, SentencesPerSpeaker = 1, WordsPerSentence = 2, VoiceSeed = 6, Jobs = 2 };
        SynthTimitCorpus.Synthesise(Root, options);

        var voices = VoiceSampler.Draw(3, seed: 6);
        var train = TimitLayout.Read(Root, "train", includeSa: true);
        var test = TimitLayout.Read(Root, "test", includeSa: true);
        train.Select(u => u.Utterance.Speaker).Distinct().Should().HaveCount(2).And.OnlyContain(s => s[1] == 'V');
        test.Select(u => u.Utterance.Speaker).Distinct().Should().Equal(SynthTimitCorpus.SpeakerId(2, new SynthSpeaker(voices[2].Spec, voices[2].Gender, voices[2])));
        File.ReadAllLines(Path.Combine(Root, VoiceTable.FileName)).Should().HaveCount(4);
    }
}
