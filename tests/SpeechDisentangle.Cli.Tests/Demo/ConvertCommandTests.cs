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
    public void Convert_SetSpeakerAdaptSteps_FitsTheEmbeddingForThisConversionOnly()
    {
        float[] ConvertedMel(string name, params string[] extra)
        {
            string dir = Path.Combine(fixture.Root, "convert-set", name);
            int code = Program.Main(["convert", "--checkpoint", fixture.Checkpoint, "--source", fixture.SourceWav, "--target", fixture.ReferenceWav,
                "--out", Path.Combine(dir, "one.wav"), "--mel-out", dir, .. extra]);
            code.Should().Be(0);
            return SpeechDisentangle.Audio.Data.NpyFile.Read(Path.Combine(dir, "one.npy")).ToFloat32();
        }

        var plain = ConvertedMel("plain");
        var adapted = ConvertedMel("adapted", "--set", "model_options.speaker_adapt_steps=5", "--set", "model_options.speaker_adapt_learning_rate=0.1");
        var plainAgain = ConvertedMel("plain-again");

        adapted.Should().HaveCount(plain.Length);
        adapted.Zip(plain).Max(p => Math.Abs(p.First - p.Second)).Should().BeGreaterThan(1e-4f, "five Adam steps move the speaker embedding");
        plainAgain.Should().Equal(plain, "the override is not written back to config.yaml");
    }

    [Fact]
    public void Convert_SetWithAnInvalidValue_FailsWithExitCode1()
    {
        string output = Path.Combine(fixture.Root, "convert-set-bad", "never.wav");
        int code = Program.Main(["convert", "--checkpoint", fixture.Checkpoint, "--source", fixture.SourceWav, "--target", fixture.ReferenceWav,
            "--out", output, "--set", "model_options.speaker_adapt_steps=-1"]);
        code.Should().Be(1);
        File.Exists(output).Should().BeFalse();
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
