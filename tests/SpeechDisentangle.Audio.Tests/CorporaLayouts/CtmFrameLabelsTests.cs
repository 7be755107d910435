using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Audio.Tests.CorporaLayouts;

public sealed class CtmFrameLabelsTests : IDisposable
{
    // 0.1 s at 16 kHz: 1 + (1600 - 400) / 160 = 8 frames of 25 ms every 10 ms, centres at samples 200, 360, ..., 1320.
    const int Rate = 16000, Samples = 1600;

    readonly string _root = Path.Combine(Path.GetTempPath(), "sdt-ctm-" + Guid.NewGuid().ToString("N"));

    string DataDir => Path.Combine(_root, "data");
    string Ctm => Path.Combine(_root, "ali.ctm");
    string Out => Path.Combine(DataDir, "frame_labels.txt");

    public CtmFrameLabelsTests()
    {
        var wav = new Dictionary<string, string>();
        foreach (string utt in new[] { "s1-u1", "s2-u1" })
        {
            string path = Path.Combine(_root, "wav", utt + ".wav");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            WavWriter.Write(path, AudioData.Mono(new float[Samples], Rate));
            wav[utt] = path;
        }
        KaldiDataDir.Create(wav, new Dictionary<string, string> { ["s1-u1"] = "s1", ["s2-u1"] = "s2" }).Save(DataDir);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    // SIL [0, 480), AH0_B [480, 1120), B_E [1120, 1600) in samples.
    const string Utt1 = "s1-u1 1 0.00 0.03 SIL\ns1-u1 1 0.03 0.04 AH0_B\ns1-u1 1 0.07 0.03 B_E\n";

    [Fact]
    public void Label_HandMadeCtm_GivesThePhoneUnderEachFrameCentre()
    {
        File.WriteAllText(Ctm, Utt1);
        var entries = CtmFile.Read(Ctm)["s1-u1"].Select(e => e with { Symbol = AlignmentPhones.Fold(e.Symbol, true, true) }).ToList();
        var labels = CtmFrameLabels.Label(entries, Samples, Rate, new CtmFrameLabelOptions(), ["AH", "B", "SIL"]);
        labels.Should().Equal(2, 2, 0, 0, 0, 0, 1, 1);
    }

    [Fact]
    public void Convert_TwoUtterances_WritesSortedLabelsPhonesAndConf()
    {
        // The second utterance's lines come first and out of order: reading sorts by start.
        File.WriteAllText(Ctm, "s2-u1 1 0.05 0.05 T_E\ns2-u1 1 0.00 0.05 AH1_B\n" + Utt1);
        var summary = CtmFrameLabels.Convert(Ctm, DataDir, Out, new CtmFrameLabelOptions { StripStress = true });

        summary.Utterances.Should().Be(2);
        summary.Frames.Should().Be(16);
        FrameLabelFiles.ReadSymbols(Path.Combine(DataDir, "phones.txt")).Should().Equal("AH", "B", "SIL", "T");
        var labels = FrameLabelFiles.ReadLabels(Out);
        labels["s1-u1"].Should().Equal(2, 2, 0, 0, 0, 0, 1, 1);
        // AH [0, 800), T [800, 1600): centres 200..680 are AH, 840.. are T.
        labels["s2-u1"].Should().Equal(0, 0, 0, 0, 3, 3, 3, 3);
        File.ReadAllText(Path.Combine(DataDir, "frame_labels.conf")).Should().Contain("frame-shift-ms=10").And.Contain("strip-stress=True").And.Contain("source=ctm:");
    }

    [Fact]
    public void Convert_KeepingStressAndPosition_UsesTheRawPhones()
    {
        File.WriteAllText(Ctm, Utt1);
        CtmFrameLabels.Convert(Ctm, DataDir, Out, new CtmFrameLabelOptions { StripPosition = false });
        FrameLabelFiles.ReadSymbols(Path.Combine(DataDir, "phones.txt")).Should().Equal("AH0_B", "B_E", "SIL");
    }

    [Theory]
    [InlineData("s1-u1 1 0.00 abc SIL", "*ali.ctm:2: duration 'abc' of 's1-u1' is not a positive number*")]
    [InlineData("s1-u1 1 -0.5 0.1 SIL", "*ali.ctm:2: start '-0.5' of 's1-u1'*")]
    [InlineData("s1-u1 0.00 0.03 SIL", "*ali.ctm:2: expected '<utterance> <channel> <start> <duration> <phone>', got 4 fields*")]
    public void Read_BadLine_ThrowsNamingFileAndLine(string bad, string message)
    {
        File.WriteAllText(Ctm, "s1-u1 1 0.00 0.03 SIL\n" + bad + "\n");
        var act = () => CtmFile.Read(Ctm);
        act.Should().Throw<CorpusLayoutException>().WithMessage(message);
    }

    [Fact]
    public void Convert_UnknownUtterance_ThrowsNamingIt_SkipBadLeavesItOut()
    {
        File.WriteAllText(Ctm, Utt1 + "nobody 1 0.00 0.05 SIL\ns2-u1 1 0.0 zero SIL\n");
        var strict = () => CtmFrameLabels.Convert(Ctm, DataDir, Out, new CtmFrameLabelOptions());
        strict.Should().Throw<CorpusLayoutException>().WithMessage("*ali.ctm:5: duration 'zero'*");

        var log = new StringWriter();
        var summary = CtmFrameLabels.Convert(Ctm, DataDir, Out, new CtmFrameLabelOptions { SkipBad = true }, log);
        summary.Skipped.Should().HaveCount(2).And.Contain(s => s.Contains("ali.ctm:4: utterance 'nobody' is not in"));
        summary.Unaligned.Should().Equal("s2-u1");
        FrameLabelFiles.ReadLabels(Out).Keys.Should().Equal("s1-u1");
        log.ToString().Should().Contain("1 utterance(s) of").And.Contain("have no labels (s2-u1)");
    }

    [Fact]
    public void Convert_AlignedDataDir_KeepsOnlyLabelledUtterances()
    {
        File.WriteAllText(Ctm, Utt1);
        string aligned = Path.Combine(_root, "aligned");
        CtmFrameLabels.Convert(Ctm, DataDir, Path.Combine(aligned, "frame_labels.txt"), new CtmFrameLabelOptions { AlignedDataDir = aligned });
        var dir = KaldiDataDir.Load(aligned);
        dir.Utterances.Should().Equal("s1-u1");
        dir.WavScp.Keys.Should().Equal("s1-u1");
        FrameLabelFiles.ReadLabels(Path.Combine(aligned, "frame_labels.txt")).Keys.Should().Equal("s1-u1");
    }

    [Fact]
    public void Convert_AlignmentLongerThanAudio_ThrowsNamingLine()
    {
        File.WriteAllText(Ctm, Utt1 + "s2-u1 1 0.00 0.50 SIL\n");
        var act = () => CtmFrameLabels.Convert(Ctm, DataDir, Out, new CtmFrameLabelOptions());
        act.Should().Throw<CorpusLayoutException>().WithMessage("*ali.ctm:4: 's2-u1' is aligned up to 0.5 s but its audio lasts 0.1 s*");
    }

    [Fact]
    public void Convert_GivenSymbolTable_UsesItsIdsAndRejectsOtherPhones()
    {
        string symbols = Path.Combine(_root, "phones.txt");
        FrameLabelFiles.WriteSymbols(symbols, ["SIL", "B", "AH0"]);
        File.WriteAllText(Ctm, Utt1);
        CtmFrameLabels.Convert(Ctm, DataDir, Out, new CtmFrameLabelOptions { Symbols = symbols });
        FrameLabelFiles.ReadLabels(Out)["s1-u1"].Should().Equal(0, 0, 2, 2, 2, 2, 1, 1);

        File.WriteAllText(Ctm, Utt1.Replace("B_E", "ZH_E", StringComparison.Ordinal));
        var act = () => CtmFrameLabels.Convert(Ctm, DataDir, Out, new CtmFrameLabelOptions { Symbols = symbols });
        act.Should().Throw<CorpusLayoutException>().WithMessage("*ali.ctm:3: phone 'ZH' of 's1-u1' is not in the symbol table (3 symbols)*");
    }

    [Theory]
    [InlineData("AH0_B", true, true, "AH")]
    [InlineData("AH0_B", true, false, "AH0")]
    [InlineData("AH0_B", false, true, "AH0_B")]
    [InlineData("SIL", true, true, "SIL")]
    [InlineData("_B", true, true, "_B")]
    [InlineData("ER12_S", true, true, "ER")]
    public void Fold_PositionAndStress_StripsWhatIsAsked(string phone, bool position, bool stress, string expected) =>
        AlignmentPhones.Fold(phone, position, stress).Should().Be(expected);

    static string TextGrid(string tier, params (double Start, double End, string Text)[] intervals)
    {
        var sb = new System.Text.StringBuilder("File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\nxmin = 0\nxmax = 0.1\ntiers? <exists>\nsize = 2\nitem []:\n");
        sb.Append("    item [1]:\n        class = \"IntervalTier\"\n        name = \"words\"\n        xmin = 0\n        xmax = 0.1\n        intervals: size = 1\n");
        sb.Append("        intervals [1]:\n            xmin = 0\n            xmax = 0.1\n            text = \"AB\"\n");
        sb.Append($"    item [2]:\n        class = \"IntervalTier\"\n        name = \"{tier}\"\n        xmin = 0\n        xmax = 0.1\n        intervals: size = {intervals.Length}\n");
        for (int i = 0; i < intervals.Length; i++)
            sb.Append(System.FormattableString.Invariant($"        intervals [{i + 1}]:\n            xmin = {intervals[i].Start}\n            xmax = {intervals[i].End}\n            text = \"{intervals[i].Text}\"\n"));
        return sb.ToString();
    }

    [Fact]
    public void Convert_MfaTextGrids_LabelLikeTheSameCtm()
    {
        string grids = Path.Combine(_root, "mfa", "s1");
        Directory.CreateDirectory(grids);
        File.WriteAllText(Path.Combine(grids, "s1-u1.TextGrid"), TextGrid("phones", (0, 0.03, ""), (0.03, 0.07, "AH0"), (0.07, 0.1, "B")));
        var skipped = new List<string>();
        var alignments = TextGridFile.ReadFolder(Path.Combine(_root, "mfa"), "phones", skipped);
        alignments["s1-u1"].Select(e => e.Symbol).Should().Equal("SIL", "AH0", "B");
        CtmFrameLabels.Convert(alignments, "textgrids", DataDir, Out, new CtmFrameLabelOptions { StripStress = true }, skipped);
        FrameLabelFiles.ReadLabels(Out)["s1-u1"].Should().Equal(2, 2, 0, 0, 0, 0, 1, 1);
    }

    [Fact]
    public void Read_TextGridWithoutTheTier_ThrowsListingItsTiers()
    {
        string path = Path.Combine(_root, "s1-u1.TextGrid");
        File.WriteAllText(path, TextGrid("segments", (0, 0.1, "AH0")));
        var act = () => TextGridFile.Read(path);
        act.Should().Throw<CorpusLayoutException>().WithMessage("*s1-u1.TextGrid: has no tier named 'phones' (its tiers: words, segments)*");
        File.WriteAllText(path, TextGrid("phones", (0.05, 0.02, "AH0")));
        act.Should().Throw<CorpusLayoutException>().WithMessage("*s1-u1.TextGrid:28: interval ends (0.02) before it starts (0.05)*");
    }
}
