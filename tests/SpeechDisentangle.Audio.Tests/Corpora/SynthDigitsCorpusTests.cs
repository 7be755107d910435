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
    }
}
