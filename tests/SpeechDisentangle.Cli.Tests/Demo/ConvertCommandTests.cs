namespace SpeechDisentangle.Cli.Tests.Demo;

[Collection("vc-cli")]
public sealed class ConvertCommandTests(VcExperimentFixture fixture)
{
    [Fact]
    public void Convert_SourceAndReference_WritesWavOfTheSourceLength()
    {
        string output = Path.Combine(fixture.Root, "convert", "one.wav");
        int code = Program.Main(["convert", "--checkpoint", fixture.Checkpoint, "--source", fixture.SourceWav, "--target", fixture.ReferenceWav, "--out", output]);

        code.Should().Be(0);
        var (rate, channels, seconds) = WavHeader.Read(output);
        rate.Should().Be(16000);
        channels.Should().Be(1);
        // Centred frames: T = 1 + samples / hop, and Griffin-Lim gives (T - 1) * hop samples back.
        seconds.Should().BeApproximately(0.8, 0.011);
    }

    [Fact]
    public void Convert_MelOut_WritesTheConvertedLogMelAsFramesByBinsNpy()
    {
        string output = Path.Combine(fixture.Root, "convert-mel", "one.wav");
        string mels = Path.Combine(fixture.Root, "convert-mel", "mels");
        int code = Program.Main(["convert", "--checkpoint", fixture.Checkpoint, "--source", fixture.SourceWav, "--target", fixture.ReferenceWav,
            "--out", output, "--mel-out", mels]);

        code.Should().Be(0);
        var mel = SpeechDisentangle.Audio.Data.NpyFile.Read(Path.Combine(mels, "one.npy"));
        mel.Shape.Should().HaveCount(2);
        // Centred frames: 1 + samples / hop frames for the 0.8 s source; Griffin-Lim gives (T - 1) * hop samples back.
        double seconds = WavHeader.Read(output).Seconds;
        ((mel.Shape[0] - 1) * 0.01).Should().BeApproximately(seconds, 0.011);
        mel.ToFloat32().Should().OnlyContain(v => float.IsFinite(v));
    }

    [Fact]
    public void Convert_TargetSpeakerForOneShotModel_FailsWithExitCode1()
    {
        int code = Program.Main(["convert", "--checkpoint", fixture.Checkpoint, "--source", fixture.SourceWav, "--target-speaker", "s1",
            "--out", Path.Combine(fixture.Root, "convert", "never.wav")]);
        code.Should().Be(1);
        File.Exists(Path.Combine(fixture.Root, "convert", "never.wav")).Should().BeFalse();
    }

    [Fact]
    public void Convert_ListWithBadLineAndKeepGoing_ConvertsTheGoodLinesAndReportsFailure()
    {
        string dir = Path.Combine(fixture.Root, "list");
        Directory.CreateDirectory(dir);
        string list = Path.Combine(dir, "pairs.txt");
        File.WriteAllLines(list,
        [
            "# source target out",
            $"{fixture.SourceWav} {fixture.ReferenceWav} a.wav",
            $"{Path.Combine(dir, "missing.wav")} {fixture.ReferenceWav} b.wav",
            $"{fixture.ReferenceWav} {fixture.SourceWav} c.wav",
        ]);
        string outDir = Path.Combine(dir, "out");

        int code = Program.Main(["convert", "--checkpoint", fixture.Checkpoint, "--list", list, "--out-dir", outDir, "--keep-going"]);

        code.Should().Be(1, "one line failed");
        WavHeader.Read(Path.Combine(outDir, "a.wav")).Seconds.Should().BeApproximately(0.8, 0.011);
        WavHeader.Read(Path.Combine(outDir, "c.wav")).Seconds.Should().BeApproximately(0.6, 0.011);
        File.Exists(Path.Combine(outDir, "b.wav")).Should().BeFalse();
    }

    [Fact]
    public void Convert_ListWithBadLineWithoutKeepGoing_StopsAtTheBadLine()
    {
        string dir = Path.Combine(fixture.Root, "list-stop");
        Directory.CreateDirectory(dir);
        string list = Path.Combine(dir, "pairs.txt");
        File.WriteAllLines(list, [$"{fixture.SourceWav} only-two-fields", $"{fixture.SourceWav} {fixture.ReferenceWav} later.wav"]);
        int code = Program.Main(["convert", "--checkpoint", fixture.Checkpoint, "--list", list, "--out-dir", Path.Combine(dir, "out")]);
        code.Should().Be(1);
        File.Exists(Path.Combine(dir, "out", "later.wav")).Should().BeFalse();
    }
}
