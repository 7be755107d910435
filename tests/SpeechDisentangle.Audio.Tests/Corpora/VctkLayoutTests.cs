using SpeechDisentangle.Audio.Corpora;

namespace SpeechDisentangle.Audio.Tests.Corpora;

public sealed class VctkLayoutTests : IDisposable
{
    readonly string _root = Path.Combine(Path.GetTempPath(), "sdt-vctk-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    void Touch(string relative, string content = "x")
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [Fact]
    public void Read_Vctk092_PicksTheRequestedMicAndTranscripts()
    {
        Touch("wav48_silence_trimmed/p225/p225_001_mic1.flac");
        Touch("wav48_silence_trimmed/p225/p225_001_mic2.flac");
        Touch("wav48_silence_trimmed/p226/p226_002_mic1.flac");
        Touch("txt/p225/p225_001.txt", "Please call Stella.\n");

        var mic1 = VctkLayout.Read(_root);
        mic1.Select(u => u.UttId).Should().Equal("p225_001", "p226_002");
        mic1[0].Text.Should().Be("Please call Stella.");
        mic1[0].AudioPath.Should().EndWith("p225_001_mic1.flac");
        mic1[1].Text.Should().BeEmpty();

        VctkLayout.Read(_root, "mic2").Should().ContainSingle().Which.AudioPath.Should().EndWith("_mic2.flac");
    }

    [Fact]
    public void Read_MissingFolder_NamesIt()
    {
        var act = () => VctkLayout.Read(_root);
        act.Should().Throw<CorpusLayoutException>().WithMessage($"*{_root}*does not exist*");
    }

    [Fact]
    public void Read_WrongLayout_SaysWhatWasExpected()
    {
        Touch("audio/x.wav");
        var act = () => VctkLayout.Read(_root);
        act.Should().Throw<CorpusLayoutException>().WithMessage("*neither wav48/*wav48_silence_trimmed/*");
    }
}
