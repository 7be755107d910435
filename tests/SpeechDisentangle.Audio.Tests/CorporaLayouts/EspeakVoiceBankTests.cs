using SpeechDisentangle.Audio.Corpora;

namespace SpeechDisentangle.Audio.Tests.CorporaLayouts;

public sealed class EspeakVoiceBankTests : TempCorpus
{
    public EspeakVoiceBankTests() : base("voice-bank") { }

    byte[] Say(EspeakVoiceBank bank, string spec, string name)
    {
        string wav = Path.Combine(Root, name + ".wav");
        Espeak.Speak("espeak-ng", spec, 175, 50, "seven", wav, bank.DataPathFor(spec));
        return File.ReadAllBytes(wav);
    }

    [Fact]
    public void DrawnVoices_SpeakDifferently_FromEachOtherAndFromTheirAccent()
    {
        // espeak-ng falls back to the plain accent when it cannot find a variant, so identical audio would mean the
        // private data folder is not being read.
        var voices = VoiceSampler.Draw(2, seed: 5);
        using var bank = EspeakVoiceBank.Create("espeak-ng", voices);

        var first = Say(bank, voices[0].Spec, "first");
        var second = Say(bank, voices[1].Spec, "second");
        var accent = Say(bank, voices[0].Accent, "accent");

        first.Should().NotEqual(second);
        first.Should().NotEqual(accent);
        first.Length.Should().BeGreaterThan(8000);
    }

    [Fact]
    public void ManyVoices_AreSplitOverDataFolders_SoEspeakStillFindsTheAccent()
    {
        // espeak-ng 1.51 lists at most 349 voices; 250 variants in one folder would hide the language voices.
        var voices = VoiceSampler.Draw(250, seed: 2);
        using var bank = EspeakVoiceBank.Create("espeak-ng", voices);

        voices.Select(v => bank.DataPathFor(v.Spec)).Distinct().Should().HaveCount(3);
        Say(bank, voices[^1].Spec, "last").Length.Should().BeGreaterThan(8000);
        bank.DataPathFor("en-us+m3").Should().BeNull("named voices come from the installed data");
    }

    [Fact]
    public void Dispose_RemovesTheFolders_AndLeavesTheInstalledDataAlone()
    {
        string installed = EspeakVoiceBank.InstalledDataPath("espeak-ng");
        int before = Directory.EnumerateFileSystemEntries(installed).Count();
        var bank = EspeakVoiceBank.Create("espeak-ng", VoiceSampler.Draw(3, seed: 1));
        string root = bank.Root;
        Directory.Exists(root).Should().BeTrue();

        bank.Dispose();

        Directory.Exists(root).Should().BeFalse();
        Directory.EnumerateFileSystemEntries(installed).Count().Should().Be(before);
        Directory.Exists(Path.Combine(installed, "lang")).Should().BeTrue();
    }

    [Fact]
    public void MissingEspeak_SaysHowToInstallIt()
    {
        var act = () => EspeakVoiceBank.Create("/nonexistent/espeak-ng", VoiceSampler.Draw(1, seed: 0));
        act.Should().Throw<InvalidOperationException>().WithMessage("*espeak-ng*install*");
    }
}
