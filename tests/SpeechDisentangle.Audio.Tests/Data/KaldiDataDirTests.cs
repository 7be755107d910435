using SpeechDisentangle.Audio.Data;

namespace SpeechDisentangle.Audio.Tests.Data;

public class KaldiDataDirTests
{
    static void WriteValidDir(TempDir dir)
    {
        dir.Write("wav.scp", "spkA-u1 /data/a1.wav\nspkA-u2 sox /data/a2.flac -t wav - |\nspkB-u1 /data/b1.wav\n");
        dir.Write("utt2spk", "spkA-u1 spkA\nspkA-u2 spkA\nspkB-u1 spkB\n");
        dir.Write("spk2utt", "spkA spkA-u1 spkA-u2\nspkB spkB-u1\n");
        dir.Write("text", "spkA-u1 HELLO WORLD\nspkB-u1 GOOD BYE\n");
        dir.Write("utt2dur", "this file is ignored\n");
    }

    [Fact]
    public void Load_ValidDirectory_ReadsAllTables()
    {
        using var dir = new TempDir();
        WriteValidDir(dir);

        var data = KaldiDataDir.Load(dir.Path);

        data.Utterances.Should().Equal("spkA-u1", "spkA-u2", "spkB-u1");
        data.Utt2Spk["spkA-u2"].Should().Be("spkA");
        data.Spk2Utt["spkA"].Should().Equal("spkA-u1", "spkA-u2");
        data.WavScp["spkA-u2"].Should().Be("sox /data/a2.flac -t wav - |");
        KaldiDataDir.IsPipe(data.WavScp["spkA-u2"]).Should().BeTrue();
        KaldiDataDir.IsPipe(data.WavScp["spkA-u1"]).Should().BeFalse();
        data.Text["spkA-u1"].Should().Be("HELLO WORLD");
        data.HasSegments.Should().BeFalse();
        data.Warnings.Should().ContainSingle(w => w.Contains("1 utterance(s) have no transcript") && w.Contains("spkA-u2"));
    }

    [Fact]
    public void Load_ManyProblems_ReportsEachWithFileAndLine()
    {
        using var dir = new TempDir();
        dir.Write("wav.scp", "u1 /a.wav\nu2 /b.wav\nu2 /c.wav\nu9 /z.wav\n");
        dir.Write("utt2spk", "u1 s1\nu2 s1 extra\nu3 s2\n");
        dir.Write("spk2utt", "s1 u1 u2\ns2 u3 u1\n");
        dir.Write("text", "u1 hi\nu7 who\n");

        var act = () => KaldiDataDir.Load(dir.Path);

        var errors = act.Should().Throw<DataDirException>().Which.Errors;
        string wav = Path.Combine(dir.Path, "wav.scp"), utt2spk = Path.Combine(dir.Path, "utt2spk");
        string spk2utt = Path.Combine(dir.Path, "spk2utt"), text = Path.Combine(dir.Path, "text");
        errors.Should().Contain(e => e.StartsWith($"{wav}:3: duplicate key 'u2' (first at line 2)"));
        errors.Should().Contain(e => e.StartsWith($"{utt2spk}:2: expected 'utterance speaker'"));
        errors.Should().Contain(e => e.StartsWith($"{spk2utt}:2: utterance 'u1' is listed again (already at line 1)"));
        errors.Should().Contain(e => e.StartsWith($"{utt2spk}:3: utterance 'u3' has no line in wav.scp"));
        errors.Should().Contain(e => e.StartsWith($"{wav}:4: recording 'u9' is not in utt2spk"));
        errors.Should().Contain(e => e.StartsWith($"{text}:2: utterance 'u7' is not in utt2spk"));
    }

    [Fact]
    public void Load_UnsortedKeys_IsErrorByDefaultAndWarningWhenAllowed()
    {
        using var dir = new TempDir();
        dir.Write("wav.scp", "b /b.wav\na /a.wav\n");
        dir.Write("utt2spk", "a s\nb s\n");
        dir.Write("spk2utt", "s a b\n");

        var act = () => KaldiDataDir.Load(dir.Path);
        act.Should().Throw<DataDirException>().Which.Errors.Should().ContainSingle()
            .Which.Should().StartWith(Path.Combine(dir.Path, "wav.scp") + ":2: keys are not sorted");

        var lenient = KaldiDataDir.Load(dir.Path, requireSorted: false);
        lenient.Utterances.Should().Equal("a", "b");
        lenient.Warnings.Should().Contain(w => w.Contains("keys are not sorted"));
    }

    [Fact]
    public void Load_Utt2SpkAndSpk2UttDisagree_ReportsBothSides()
    {
        using var dir = new TempDir();
        dir.Write("wav.scp", "a /a.wav\nb /b.wav\n");
        dir.Write("utt2spk", "a s1\nb s2\n");
        dir.Write("spk2utt", "s1 a b\n");

        var errors = FluentActions.Invoking(() => KaldiDataDir.Load(dir.Path)).Should().Throw<DataDirException>().Which.Errors;

        string spk2utt = Path.Combine(dir.Path, "spk2utt");
        errors.Should().Contain($"{spk2utt}:1: utterance 'b' is under speaker 's1' but utt2spk line 2 says 's2'");
    }

    [Fact]
    public void Load_MissingUtt2SpkAndSpk2Utt_NamesMissingFiles()
    {
        using var dir = new TempDir();
        dir.Write("wav.scp", "a /a.wav\n");

        var errors = FluentActions.Invoking(() => KaldiDataDir.Load(dir.Path)).Should().Throw<DataDirException>().Which.Errors;

        errors.Should().Contain($"{Path.Combine(dir.Path, "utt2spk")}: file is missing");
        errors.Should().Contain(e => e.StartsWith($"{Path.Combine(dir.Path, "spk2utt")}: file is missing"));
    }

    [Fact]
    public void Load_Segments_ValidatesTimesAndRecordings()
    {
        using var dir = new TempDir();
        dir.Write("wav.scp", "rec1 /r1.wav\n");
        dir.Write("segments", "s-1 rec1 0.00 1.50\ns-2 rec1 2.0 1.0\ns-3 rec9 0 1\ns-4 rec1 abc 2\ns-5 rec1 3.0 -1\n");
        dir.Write("utt2spk", "s-1 s\ns-2 s\ns-3 s\ns-4 s\ns-5 s\ns-6 s\n");
        dir.Write("spk2utt", "s s-1 s-2 s-3 s-4 s-5 s-6\n");

        var errors = FluentActions.Invoking(() => KaldiDataDir.Load(dir.Path)).Should().Throw<DataDirException>().Which.Errors;

        string seg = Path.Combine(dir.Path, "segments");
        errors.Should().Contain($"{seg}:2: end 1.0 is not after start 2.0");
        errors.Should().Contain($"{seg}:3: recording 'rec9' is not in wav.scp");
        errors.Should().Contain(e => e.StartsWith($"{seg}:4: start 'abc'"));
        errors.Should().Contain($"{Path.Combine(dir.Path, "utt2spk")}:6: utterance 's-6' has no line in segments");
        errors.Should().NotContain(e => e.StartsWith($"{seg}:1:") || e.StartsWith($"{seg}:5:"));
    }

    [Fact]
    public void Load_ValidSegments_ExposesCuts()
    {
        using var dir = new TempDir();
        dir.Write("wav.scp", "rec1 /r1.wav\n");
        dir.Write("segments", "s-1 rec1 0.5 1.25\ns-2 rec1 1.25 -1\n");
        dir.Write("utt2spk", "s-1 s\ns-2 s\n");
        dir.Write("spk2utt", "s s-1 s-2\n");

        var data = KaldiDataDir.Load(dir.Path);

        data.Segments["s-1"].Should().Be(new KaldiSegment("rec1", 0.5, 1.25));
        data.Segments["s-2"].ToEndOfRecording.Should().BeTrue();
    }

    [Fact]
    public void Load_EmptyLine_ReportedWithLineNumber()
    {
        using var dir = new TempDir();
        WriteValidDir(dir);
        dir.Write("utt2spk", "spkA-u1 spkA\n\nspkA-u2 spkA\nspkB-u1 spkB\n");

        var errors = FluentActions.Invoking(() => KaldiDataDir.Load(dir.Path)).Should().Throw<DataDirException>().Which.Errors;

        errors.Should().ContainSingle().Which.Should().Be($"{Path.Combine(dir.Path, "utt2spk")}:2: empty line");
    }

    [Fact]
    public void CreateAndSave_RoundTrip_WritesSortedFilesThatLoadBack()
    {
        using var dir = new TempDir();
        var data = KaldiDataDir.Create(
            wavScp: new Dictionary<string, string> { ["spk2-b"] = "/w/b.wav", ["spk1-a"] = "flac -dc /w/a.flac |" },
            utt2spk: new Dictionary<string, string> { ["spk2-b"] = "spk2", ["spk1-a"] = "spk1" },
            text: new Dictionary<string, string> { ["spk1-a"] = "one two" });

        data.Save(dir.File("out"));

        File.ReadAllText(dir.File("out/wav.scp")).Should().Be("spk1-a flac -dc /w/a.flac |\nspk2-b /w/b.wav\n");
        File.ReadAllText(dir.File("out/spk2utt")).Should().Be("spk1 spk1-a\nspk2 spk2-b\n");
        File.Exists(dir.File("out/segments")).Should().BeFalse();
        Directory.GetFiles(dir.File("out")).Should().NotContain(f => f.Contains(".tmp-"));
        var back = KaldiDataDir.Load(dir.File("out"));
        back.WavScp.Should().BeEquivalentTo(data.WavScp);
        back.Text.Should().BeEquivalentTo(data.Text);
        back.Spk2Utt["spk1"].Should().Equal("spk1-a");
    }

    [Fact]
    public void Create_SegmentsWithBadRecording_ThrowsNamingWouldBeLine()
    {
        var act = () => KaldiDataDir.Create(
            wavScp: new Dictionary<string, string> { ["rec"] = "/r.wav" },
            utt2spk: new Dictionary<string, string> { ["u1"] = "s", ["u2"] = "s" },
            segments: new Dictionary<string, KaldiSegment>
            {
                ["u1"] = new("rec", 0, 1),
                ["u2"] = new("nope", 0, 1),
            });

        act.Should().Throw<DataDirException>().Which.Errors.Should().Equal("<memory>/segments:2: recording 'nope' is not in wav.scp");
    }

    [Fact]
    public void Create_KeyWithSpace_Throws()
    {
        var act = () => KaldiDataDir.Create(
            wavScp: new Dictionary<string, string> { ["a b"] = "/r.wav" },
            utt2spk: new Dictionary<string, string> { ["a b"] = "s" });

        act.Should().Throw<DataDirException>().WithMessage("*key 'a b' is empty or contains whitespace*");
    }

    [Fact]
    public void Load_FeatsScpWithoutWav_ValidUnlessAnUtteranceLacksFeatures()
    {
        using var dir = new TempDir();
        dir.Write("feats.scp", "a /f.ark:5\nb /f.ark:99\n");
        dir.Write("utt2spk", "a s\nb s\n");
        dir.Write("spk2utt", "s a b\n");

        KaldiDataDir.Load(dir.Path).FeatsScp["b"].Should().Be("/f.ark:99");

        dir.Write("feats.scp", "a /f.ark:5\n");
        FluentActions.Invoking(() => KaldiDataDir.Load(dir.Path)).Should().Throw<DataDirException>()
            .Which.Errors.Should().Equal($"{Path.Combine(dir.Path, "feats.scp")}: utterance 'b' has no features");
    }

    [Fact]
    public void Load_UtteranceIdsNotPrefixedBySpeaker_WarnsAboutSpeakerOrder()
    {
        using var dir = new TempDir();
        dir.Write("wav.scp", "u1 /1.wav\nu2 /2.wav\nu3 /3.wav\n");
        dir.Write("utt2spk", "u1 bob\nu2 alice\nu3 bob\n");
        dir.Write("spk2utt", "alice u2\nbob u1 u3\n");

        var data = KaldiDataDir.Load(dir.Path);

        data.Warnings.Should().Contain(w => w.Contains("sorting by utterance does not sort by speaker (at 'u2')"));
    }
}
