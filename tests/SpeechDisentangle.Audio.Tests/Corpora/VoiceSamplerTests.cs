using SpeechDisentangle.Audio.Corpora;

namespace SpeechDisentangle.Audio.Tests.Corpora;

public sealed class VoiceSamplerTests
{
    [Fact]
    public void Draw_SameSeed_GivesTheSameVoices_AndAnotherSeedOthers()
    {
        var a = VoiceSampler.Draw(20, seed: 7).Select(v => v.Spec + "\n" + v.ToVariantFile()).ToList();
        var b = VoiceSampler.Draw(20, seed: 7).Select(v => v.Spec + "\n" + v.ToVariantFile()).ToList();
        var c = VoiceSampler.Draw(20, seed: 8).Select(v => v.Spec + "\n" + v.ToVariantFile()).ToList();

        a.Should().Equal(b);
        a.Should().OnlyHaveUniqueItems();
        a.Zip(c).Count(p => p.First == p.Second).Should().Be(0, "a different seed draws different voices");
    }

    [Fact]
    public void Draw_VoiceDependsOnlyOnSeedAndIndex_SoSmallerDrawsArePrefixes()
    {
        var small = VoiceSampler.Draw(5, seed: 3).Select(v => v.ToVariantFile());
        var large = VoiceSampler.Draw(50, seed: 3).Take(5).Select(v => v.ToVariantFile());
        small.Should().Equal(large);
    }

    [Fact]
    public void Draw_ManyVoices_StayInTheDocumentedRanges_AndMixSexesAccentsAndSynthesisers()
    {
        var voices = VoiceSampler.Draw(600, seed: 1);

        voices.Should().OnlyContain(v => v.Gender == "F"
            ? v.PitchBaseHz >= 140 && v.PitchBaseHz <= 280 && v.FormantScale >= 1.02 && v.FormantScale <= 1.24
            : v.PitchBaseHz >= 70 && v.PitchBaseHz <= 150 && v.FormantScale >= 0.86 && v.FormantScale <= 1.04);
        voices.Should().OnlyContain(v => v.PitchTopHz > v.PitchBaseHz && v.Klatt >= 0 && v.Klatt <= 5 && v.Roughness <= 7);
        voices.Should().OnlyContain(v => v.FormantFrequency.Count == VoiceParameters.Formants && v.FormantStrength.Count == VoiceParameters.Formants);
        voices.Should().OnlyContain(v => v.Tone1200 <= 255 && v.Tone2000 <= 255 && v.EchoAmplitude <= 100);
        voices.Select(v => v.Gender).Distinct().Should().BeEquivalentTo("F", "M");
        voices.Select(v => v.Accent).Distinct().Should().BeEquivalentTo(VoiceSampler.Accents);
        voices.Count(v => v.Klatt > 0).Should().BeInRange(60, 180, "about one voice in five uses the Klatt synthesiser");
        voices.Select(v => v.VariantName).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void ToVariantFile_IsAnEspeakVariantWithEveryFormant()
    {
        var voice = VoiceSampler.Draw(1, seed: 0)[0] with { Klatt = 0, Breath = 0 };
        string text = voice.ToVariantFile();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines[0].Should().Be("language variant");
        lines.Should().Contain($"name {voice.VariantName}");
        lines.Count(l => l.StartsWith("formant ", StringComparison.Ordinal)).Should().Be(VoiceParameters.Formants);
        lines.Should().Contain($"pitch {voice.PitchBaseHz} {voice.PitchTopHz}");
        lines.Should().NotContain(l => l.StartsWith("klatt", StringComparison.Ordinal) || l.StartsWith("breath", StringComparison.Ordinal));
        (voice with { Klatt = 3 }).ToVariantFile().Should().Contain("\nklatt 3\n");
        voice.Spec.Should().Be(voice.Accent + "+sdtv0001");
    }

    [Fact]
    public void Draw_NegativeCount_Throws()
    {
        var act = () => VoiceSampler.Draw(-1, seed: 0);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
