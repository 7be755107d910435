using SpeechDisentangle.Audio.Corpora;

namespace SpeechDisentangle.Audio.Tests.Corpora;

public sealed class SynthDigitsCorpusTests : IDisposable
{
    readonly string _root = Path.Combine(Path.GetTempPath(), "sdt-synth-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Plan_SameSeed_IsDeterministicAndCrossesSpeakersWithDigits()
    {
        var options = new SynthDigitsOptions { Speakers = 3, RepeatsPerDigit = 2, SentencesPerSpeaker = 1, Seed = 7 };
        var a = SynthDigitsCorpus.Plan(options);
        var b = SynthDigitsCorpus.Plan(options);
        a.Should().Equal(b);
        a.Should().HaveCount(3 * (10 * 2 + 1));
        a.Select(i => i.Speaker).Distinct().Should().HaveCount(3);
        a.Select(i => i.Voice).Distinct().Should().HaveCount(3);
        foreach (var digit in SynthDigitsCorpus.Digits)
            a.Where(i => i.Text == digit).Select(i => i.Speaker).Distinct().Should().HaveCount(3, $"every speaker says '{digit}'");
        a.Select(i => i.UttId).Should().OnlyHaveUniqueItems().And.AllSatisfy(id => id.Should().StartWith("p9"));
    }

    [Fact]
    public void Plan_TooManySpeakers_SaysWhich()
    {
        var act = () => SynthDigitsCorpus.Plan(new SynthDigitsOptions { Speakers = 99, RepeatsPerDigit = 0 });
        act.Should().Throw<ArgumentException>().WithMessage("*speakers must be in*99*repeats-per-digit*");
    }

    [Fact]
    public void Plan_NamedVoices_KeepsTheCorpusOfEarlierVersions()
    {
        // The default corpus must not change: named voices draw rate then pitch per utterance from one Random(seed),
        // sentences draw their three words first, exactly as before drawn voices existed.
        var options = new SynthDigitsOptions { Speakers = 2, RepeatsPerDigit = 2, SentencesPerSpeaker = 1, Seed = 11 };
        var rng = new Random(11);
        var expected = new List<SynthDigitsCorpus.Item>();
        foreach (var (spk, voice) in new[] { ("p901", "en-us+m3"), ("p902", "en+f2") })
        {
            int n = 1;
            foreach (var digit in SynthDigitsCorpus.Digits)
                for (int r = 0; r < 2; r++)
                    expected.Add(new(spk, $"{spk}_{n++:D3}", voice, digit, rng.Next(140, 200), rng.Next(35, 65)));
            string words = string.Join(' ', Enumerable.Range(0, 3).Select(_ => SynthDigitsCorpus.Digits[rng.Next(10)]));
            expected.Add(new(spk, $"{spk}_{n++:D3}", voice, words, rng.Next(140, 200), rng.Next(35, 65)));
        }

        SynthDigitsCorpus.Plan(options).Should().Equal(expected);
    }

    [Fact]
    public void Plan_DrawnVoices_UsesP1001IdsTheDrawnSpecsAndSmallJitter()
    {
        var options = new SynthDigitsOptions { Speakers = 3, RepeatsPerDigit = 3, SentencesPerSpeaker = 0, VoiceSeed = 4 };
        var plan = SynthDigitsCorpus.Plan(options);
        var voices = VoiceSampler.Draw(3, seed: 4);

        plan.Select(i => i.Speaker).Distinct().Should().Equal("p1001", "p1002", "p1003");
        plan.Select(i => i.Voice).Distinct().Should().Equal(voices.Select(v => v.Spec));
        plan.Should().OnlyContain(i => i.Pitch >= 46 && i.Pitch <= 54);
        foreach (var (item, voice) in plan.Select(i => (i, voices[int.Parse(i.Speaker[1..], System.Globalization.CultureInfo.InvariantCulture) - 1001])))
            item.Rate.Should().BeInRange((int)(voice.RateWpm * 0.9) - 1, (int)(voice.RateWpm * 1.1) + 1);
        SynthDigitsCorpus.Plan(options).Should().Equal(plan);
    }

    [Theory]
    [InlineData(41, null, "*speakers must be in [2, 40]*--voices*")]
    [InlineData(7000, 1, "*voices must be in [2, 6000]*")]
    [InlineData(1, 1, "*voices must be in [2, 6000]*")]
    public void Plan_BadVoiceCount_SaysTheRange(int speakers, int? voiceSeed, string message)
    {
        var act = () => SynthDigitsCorpus.Plan(new SynthDigitsOptions { Speakers = speakers, VoiceSeed = voiceSeed });
        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Synthesise_DrawnVoices_WritesTheirParametersAndDistinctAudio()
    {
        var options = new SynthDigitsOptions { Speakers = 2, RepeatsPerDigit = 1, SentencesPerSpeaker = 0, VoiceSeed = 9, Jobs = 2 };
        SynthDigitsCorpus.Synthesise(_root, options);

        var utts = VctkLayout.Read(_root);
        utts.Select(u => u.Speaker).Distinct().Should().Equal("p1001", "p1002");
        File.ReadAllBytes(Path.Combine(_root, "wav48", "p1001", "p1001_001.wav"))
            .Should().NotEqual(File.ReadAllBytes(Path.Combine(_root, "wav48", "p1002", "p1002_001.wav")), "two drawn voices saying 'zero'");
        var audio = SpeechDisentangle.Audio.IO.AudioReader.Read(Path.Combine(_root, "wav48", "p1001", "p1001_001.wav"));
        audio.SampleRate.Should().Be(22050, "espeak-ng's own rate, as the named voices");
        audio.ToMono().Count(x => x == 0).Should().BeLessThan(audio.FrameCount / 20, "drawn voices carry a noise floor instead of digital silence");
        var table = File.ReadAllLines(Path.Combine(_root, VoiceTable.FileName));
        table.Should().HaveCount(3);
        table[0].Split('\t').Should().Equal(VoiceTable.Columns);
        table[1].Split('\t').Should().HaveCount(VoiceTable.Columns.Count).And.StartWith(["p1001", "0", "9"]);
        var first = VoiceSampler.Draw(1, seed: 9)[0];
        File.ReadAllText(Path.Combine(_root, VoiceTable.VariantFolder, "p1001")).Should().Be(first.ToVariantFile());
        File.ReadAllText(Path.Combine(_root, "speaker-info.txt")).Should().Contain($"1001  0  {first.Gender}  {first.Spec}");
        Directory.EnumerateFiles(_root, "*.tmp*", SearchOption.AllDirectories).Should().BeEmpty();

        var otherDraw = () => SynthDigitsCorpus.Synthesise(_root, options with { VoiceSeed = 10 });
        otherDraw.Should().Throw<InvalidOperationException>().WithMessage("*voices.tsv*other voices*--out*");
    }

    [Fact]
    public void Synthesise_TwoVoices_WritesVctkLayoutThatVctkLayoutReads()
    {
        var options = new SynthDigitsOptions { Speakers = 2, RepeatsPerDigit = 1, SentencesPerSpeaker = 0, Jobs = 2 };
        SynthDigitsCorpus.Synthesise(_root, options);

        var utts = VctkLayout.Read(_root);
        utts.Should().HaveCount(20);
        utts.Select(u => u.Speaker).Distinct().Should().Equal("p901", "p902");
        utts.Should().AllSatisfy(u => new FileInfo(u.AudioPath).Length.Should().BeGreaterThan(4000));
        utts.Select(u => u.Text).Distinct().Should().BeEquivalentTo(SynthDigitsCorpus.Digits);
        File.ReadAllText(Path.Combine(_root, "speaker-info.txt")).Should().Contain("901").And.Contain("902");
        Directory.EnumerateFiles(_root, "*.tmp*", SearchOption.AllDirectories).Should().BeEmpty();
        File.Exists(Path.Combine(_root, VoiceTable.FileName)).Should().BeFalse("named voices have no drawn parameters");
        var named = SpeechDisentangle.Audio.IO.AudioReader.Read(utts[0].AudioPath).ToMono();
        named.Count(x => x == 0).Should().BeGreaterThan(named.Length / 20, "the named voices' audio is espeak-ng's, silence and all");
    }
}
