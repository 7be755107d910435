using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Audio.Tests.CorporaLayouts;

/// <summary>Two speakers x two utterances of espeak-ng speech in the LibriSpeech layout (16 kHz FLAC).</summary>
public sealed class LibriSpeechCorpusFixture : TempCorpus
{
    public LibriSpeechCorpusFixture() : base("libri")
    {
        // 103 and 1034: ids where '-' must sort before digits for utterance and speaker order to agree.
        foreach (var (spk, chapter, voice) in new[] { ("103", "1240", "en-us+f2"), ("1034", "121119", "en-gb+m3") })
        {
            string dir = Path.Combine(Root, "dev-clean", spk, chapter);
            var lines = new List<string>();
            for (int u = 0; u < 2; u++)
            {
                string id = $"{spk}-{chapter}-{u:D4}";
                string text = u == 0 ? "CHAPTER ONE" : "THE QUICK BROWN FOX";
                CorpusSynth.SpeakFlac(text.ToLowerInvariant(), voice, Path.Combine(dir, id + ".flac"), 16000);
                lines.Add($"{id} {text}");
            }
            CorpusSynth.Write(Path.Combine(dir, $"{spk}-{chapter}.trans.txt"), string.Join('\n', lines) + "\n");
        }
        CorpusSynth.Write(Path.Combine(Root, "SPEAKERS.TXT"),
            "; Some readers have their name in the last field\n;ID  |SEX| SUBSET           |MINUTES| NAME\n" +
            "103   | F | train-clean-100  | 25.00 | Reader A\n" +
            "1034  | M | dev-clean        | 20.18 | |CBW|Simon\n" +
            "5     | F | train-other-500  |  1.00 | Someone Else\n");
    }
}

public sealed class LibriSpeechLayoutTests(LibriSpeechCorpusFixture corpus) : IClassFixture<LibriSpeechCorpusFixture>, IDisposable
{
    readonly string _out = Path.Combine(Path.GetTempPath(), "sdt-libri-out-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }

    /// <summary>A private copy of the corpus for tests that damage it.</summary>
    string CopyCorpus()
    {
        string copy = Path.Combine(_out, "corpus");
        foreach (string f in Directory.EnumerateFiles(corpus.Root, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(corpus.Root, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(f, target);
        }
        return copy;
    }

    [Fact]
    public void Prepare_DevClean_WritesAValidDataDirWithGendersAndReadableAudio()
    {
        string data = Path.Combine(_out, "dev-clean");
        var (utts, speakers) = LibriSpeechDataPrep.Prepare(corpus.Root, "dev-clean", data);

        (utts, speakers).Should().Be((4, 2));
        var dir = KaldiDataDir.Load(data);
        dir.Warnings.Should().BeEmpty();
        dir.Utterances.Should().Equal("103-1240-0000", "103-1240-0001", "1034-121119-0000", "1034-121119-0001");
        dir.Utt2Spk["1034-121119-0001"].Should().Be("1034");
        dir.Text["103-1240-0001"].Should().Be("THE QUICK BROWN FOX");
        File.ReadAllLines(Path.Combine(data, "utt2gender")).Should().Equal(
            "103-1240-0000 f", "103-1240-0001 f", "1034-121119-0000 m", "1034-121119-0001 m");
        File.ReadAllLines(Path.Combine(data, "spk2gender")).Should().Equal("103 f", "1034 m");

        var audio = AudioReader.Read(dir.WavScp["1034-121119-0000"]);
        audio.SampleRate.Should().Be(16000);
        audio.DurationSeconds.Should().BeInRange(0.3, 5);
        audio.GetChannel(0).Max(Math.Abs).Should().BeGreaterThan(0.05f, "the FLAC holds speech, not silence");
    }

    [Fact]
    public void ReadSpeakers_NameWithBars_KeepsItWhole()
    {
        var speakers = LibriSpeechSpeakers.Read(LibriSpeechLayout.SpeakersFile(corpus.Root));
        speakers.Keys.Should().BeEquivalentTo("103", "1034", "5");
        speakers["1034"].Should().Be(new LibriSpeechSpeaker("1034", "M", "dev-clean", 20.18, "|CBW|Simon"));
    }

    [Fact]
    public void ReadSpeakers_BadSex_NamesFileAndLine()
    {
        string path = Path.Combine(_out, "SPEAKERS.TXT");
        CorpusSynth.Write(path, "; header\n7 | X | dev-clean | 1.0 | Name\n");
        var act = () => LibriSpeechSpeakers.Read(path);
        act.Should().Throw<CorpusLayoutException>().WithMessage($"{path}:2: sex of speaker 7 is 'X'*");
    }

    [Fact]
    public void Read_MissingRoot_NamesIt()
    {
        string missing = Path.Combine(_out, "nowhere");
        var act = () => LibriSpeechLayout.Read(missing, "dev-clean");
        act.Should().Throw<CorpusLayoutException>().WithMessage($"*'{missing}' does not exist*");
    }

    [Fact]
    public void Read_MissingSubset_ListsTheSubsetsThatExist()
    {
        var act = () => LibriSpeechLayout.Read(corpus.Root, "train-clean-100");
        act.Should().Throw<CorpusLayoutException>().WithMessage("*no subset 'train-clean-100'*it has: dev-clean");
    }

    [Fact]
    public void Read_NotLibriSpeech_SaysWhatWasExpected()
    {
        Directory.CreateDirectory(Path.Combine(_out, "wav48"));
        var act = () => LibriSpeechLayout.Read(_out, "dev-clean");
        act.Should().Throw<CorpusLayoutException>().WithMessage($"'{_out}' is not a LibriSpeech corpus*dev-clean*");
    }

    [Fact]
    public void Read_FlacWithoutTranscriptLine_NamesTheFile()
    {
        string copy = CopyCorpus();
        string chapter = Path.Combine(copy, "dev-clean", "103", "1240");
        File.Copy(Path.Combine(chapter, "103-1240-0000.flac"), Path.Combine(chapter, "103-1240-0009.flac"));
        var act = () => LibriSpeechLayout.Read(copy, "dev-clean");
        act.Should().Throw<CorpusLayoutException>().WithMessage("*103-1240-0009.flac' has no line in *103-1240.trans.txt");
    }

    [Fact]
    public void Prepare_SpeakerMissingFromSpeakersTxt_NamesSpeakerAndFile()
    {
        string copy = CopyCorpus();
        File.WriteAllText(LibriSpeechLayout.SpeakersFile(copy), "103 | F | dev-clean | 1.0 | A\n");
        var act = () => LibriSpeechDataPrep.Prepare(copy, "dev-clean", Path.Combine(_out, "data"));
        act.Should().Throw<CorpusLayoutException>().WithMessage("speaker 1034 of subset dev-clean is not listed in *SPEAKERS.TXT");
    }
}
