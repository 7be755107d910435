using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Cli.Tests;

[Collection("cli")]
public sealed class FeaturesCliTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "sdt-cli-" + Guid.NewGuid().ToString("N"));

    public FeaturesCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Tone(string name, double seconds)
    {
        int n = (int)(seconds * 16000);
        var samples = Enumerable.Range(0, n).Select(i => (float)(0.25 * Math.Sin(2 * Math.PI * 500 * i / 16000.0))).ToArray();
        string path = Path.Combine(_dir, name);
        WavWriter.Write(path, AudioData.Mono(samples, 16000));
        return path;
    }

    [Theory]
    [InlineData("kaldi", 98)]
    [InlineData("htk", 101)]
    public void FeaturesCompute_OneWav_WritesFramesByBinsNpy(string preset, int frames)
    {
        string wav = Tone("a.wav", 1.0), npy = Path.Combine(_dir, "a.npy");
        var (code, output, err) = CliRunner.Run("features", "compute", "--wav", wav, "--out", npy, "--preset", preset, "--num-mel-bins", "40");
        code.Should().Be(0, err);
        output.Should().Contain($"{frames} frames x 40 bins");
        NpyFile.Read(npy).Shape.Should().Equal(frames, 40);
    }

    [Fact]
    public void FeaturesCompute_NotAudio_ExitsOneNamingTheFile()
    {
        string bad = Path.Combine(_dir, "bad.wav");
        File.WriteAllText(bad, "hello");
        var (code, _, err) = CliRunner.Run("features", "compute", "--wav", bad, "--out", Path.Combine(_dir, "x.npy"));
        code.Should().Be(1);
        err.Should().Contain("bad.wav").And.Contain("error");
        File.Exists(Path.Combine(_dir, "x.npy")).Should().BeFalse();
    }

    [Fact]
    public void FeaturesCompute_NaNSamples_ExitsOneNamingFileAndSample()
    {
        string nan = Path.Combine(_dir, "nan.wav");
        WavWriter.Write(nan, AudioData.Mono([.. Enumerable.Repeat(float.NaN, 16000)], 16000), WavSampleFormat.Float32);

        var (code, _, err) = CliRunner.Run("features", "compute", "--wav", nan, "--out", Path.Combine(_dir, "nan.npy"));

        code.Should().Be(1);
        err.Should().Contain("nan.wav").And.Contain("sample 0 of channel 0").And.Contain("is NaN");
        Directory.GetFiles(_dir, "nan.npy*").Should().BeEmpty();
    }

    [Fact]
    public void FeaturesCompute_TenSamplesWithHtk_SaysTheFileIsShorterThanOneFrame()
    {
        var (code, _, err) = CliRunner.Run("features", "compute", "--wav", Tone("tiny.wav", 10 / 16000.0), "--out", Path.Combine(_dir, "t.npy"), "--preset", "htk");

        code.Should().Be(1);
        err.Should().Contain("tiny.wav: audio of 10 samples").And.Contain("shorter than one frame").And.Contain("201 samples");
    }

    [Theory]
    [InlineData("--num-mel-bins", "2000", "--num-mel-bins 2000 is more than the 257 frequency bins")]
    [InlineData("--sample-rate", "100", "--sample-rate must be at least 4000 Hz (got 100)")]
    [InlineData("--fmax", "9000", "--fmax 9000 gives 9000 Hz")]
    public void FeaturesCompute_AbsurdOption_IsRefusedNamingTheFlag(string flag, string value, string said)
    {
        var (code, _, err) = CliRunner.Run("features", "compute", "--wav", Tone("a.wav", 0.5), "--out", Path.Combine(_dir, "a.npy"), flag, value);

        code.Should().Be(1);
        err.Should().Contain(said).And.NotContain("NumMelBins").And.NotContain("SampleRate");
    }

    [Theory]
    [InlineData("slaney --n-fft 512 --win-length 400 --hop-length 160", 101)] // ESPnet's framing
    [InlineData("htk --n-fft 1024 --win-length 800 --hop-length 200", 81)]
    [InlineData("kaldi --frame-length-ms 50 --frame-shift-ms 12.5", 77)]
    public void FeaturesCompute_FramingFlags_GiveTorchaudiosFrameCount(string args, int frames)
    {
        string wav = Tone("a.wav", 1.0), npy = Path.Combine(_dir, "a.npy");
        var (code, output, err) = CliRunner.Run(["features", "compute", "--wav", wav, "--out", npy, "--preset", .. args.Split(' ')]);

        code.Should().Be(0, err);
        output.Should().Contain($"{frames} frames x 80 bins");
    }

    [Theory]
    [InlineData("htk --n-fft 256", "--n-fft 256 is shorter than the 400-sample frame")]
    [InlineData("slaney --hop-length 0", "--hop-length must be at least 1 sample (got 0)")]
    [InlineData("slaney --win-length 1", "--win-length must be at least 2 samples (got 1)")]
    [InlineData("htk --frame-shift-ms 0", "--frame-shift-ms must be positive (got 0)")]
    [InlineData("slaney --n-fft 512 --num-mel-bins 300", "--num-mel-bins 300 is more than the 257 frequency bins of the 512-point FFT")]
    [InlineData("kaldi --n-fft 512", "--n-fft applies to the htk and slaney presets only")]
    [InlineData("htk --win-length 400 --frame-length-ms 25", "--win-length (samples) or --frame-length-ms, not both")]
    [InlineData("slaney --log-floor 0", "--log-floor must be positive (got 0)")]
    public void FeaturesCompute_BadFraming_IsRefusedNamingTheFlag(string args, string said)
    {
        var (code, _, err) = CliRunner.Run(["features", "compute", "--wav", Tone("a.wav", 0.5), "--out", Path.Combine(_dir, "a.npy"), "--preset", .. args.Split(' ')]);

        code.Should().Be(1);
        err.Should().Contain(said).And.NotContain("NFft").And.NotContain("FrameShiftSamples");
        File.Exists(Path.Combine(_dir, "a.npy")).Should().BeFalse();
    }

    [Fact]
    public void FeaturesComputeHelp_ListsTheFramingFlags()
    {
        var (code, output, err) = CliRunner.Run("features", "compute", "--help");

        code.Should().Be(0, err);
        output.Should().Contain("--n-fft").And.Contain("--win-length").And.Contain("--hop-length")
            .And.Contain("--frame-length-ms").And.Contain("--frame-shift-ms").And.Contain("--log-floor");
    }

    [Fact]
    public void FeaturesCompute_MelFiltersBetweenFftBins_Warns()
    {
        var (code, _, err) = CliRunner.Run("features", "compute", "--wav", Tone("a.wav", 0.5), "--out", Path.Combine(_dir, "a.npy"),
            "--preset", "htk", "--num-mel-bins", "128");

        code.Should().Be(0, err);
        err.Should().Contain("warning: --num-mel-bins 128").And.Contain("fall between two FFT bins");
    }

    [Fact]
    public void FeaturesCompute_PipedWav_RunsOnlyWithAllowPipesAndSaysSo()
    {
        string wav = Tone("p.wav", 0.5), npy = Path.Combine(_dir, "p.npy");

        var (refused, _, err) = CliRunner.Run("features", "compute", "--wav", $"cat {wav} |", "--out", npy);
        refused.Should().Be(1);
        err.Should().Contain("--allow-pipes").And.NotContain("AudioReadOptions");

        var (code, _, err2) = CliRunner.Run("features", "compute", "--wav", $"cat {wav} |", "--out", npy, "--allow-pipes");
        code.Should().Be(0, err2);
        NpyFile.Read(npy).Shape.Should().Equal(48, 80);
    }

    [Fact]
    public void FeaturesCompute_TruncatedWav_NamesAllowTruncatedWhichReadsWhatIsThere()
    {
        string wav = Tone("cut.wav", 0.5), npy = Path.Combine(_dir, "cut.npy");
        byte[] bytes = File.ReadAllBytes(wav);
        File.WriteAllBytes(wav, bytes[..(bytes.Length - 3200)]);

        var (refused, _, err) = CliRunner.Run("features", "compute", "--wav", wav, "--out", npy);
        refused.Should().Be(1);
        err.Should().Contain("cut.wav").And.Contain("--allow-truncated").And.NotContain("TruncateWithWarning");

        var (code, _, err2) = CliRunner.Run("features", "compute", "--wav", wav, "--out", npy, "--allow-truncated");
        code.Should().Be(0, err2);
        NpyFile.Read(npy).Shape.Should().Equal(new[] { 38, 80 }, "0.4 s are left");
        err2.Should().Contain("warning: ").And.Contain("cut.wav").And.Contain("claims", "the reader's warning reaches standard error");
    }

    [Fact]
    public void FeaturesCompute_DataDirFlagsWithWav_AreAnErrorNotIgnored()
    {
        var (code, _, err) = CliRunner.Run("features", "compute", "--wav", Tone("a.wav", 0.5), "--out", Path.Combine(_dir, "a.npy"), "--nj", "2", "--keep-going");

        code.Should().Be(1);
        err.Should().Contain("--nj, --keep-going only apply with --data-dir");
    }

    [Fact]
    public void FeaturesCompute_OutIsAFolder_SaysSoAndLeavesNoTemp()
    {
        string folder = Path.Combine(_dir, "adir");
        Directory.CreateDirectory(folder);

        var (code, _, err) = CliRunner.Run("features", "compute", "--wav", Tone("a.wav", 0.5), "--out", folder);

        code.Should().Be(1);
        err.Should().Contain("--out").And.Contain("is a folder");
        Directory.GetFiles(_dir, "adir*").Should().BeEmpty();
    }

    [Fact]
    public void FeaturesCompute_DataDirWithAShortFile_NamesUtteranceFileAndKeepGoing()
    {
        string data = DataDir(("a_1", Tone("a1.wav", 0.5)), ("a_2", Tone("a2.wav", 0.001)));
        string outDir = Path.Combine(_dir, "feats");

        var (code, _, err) = CliRunner.Run("features", "compute", "--data-dir", data, "--out-dir", outDir);

        code.Should().Be(1);
        err.Should().Contain("utterance a_2: ").And.Contain("a2.wav: audio of 16 samples").And.Contain("--keep-going");
        Directory.Exists(outDir).Should().BeFalse("a failed run leaves no half data dir");

        var (kept, output, err2) = CliRunner.Run("features", "compute", "--data-dir", data, "--out-dir", outDir, "--keep-going");
        kept.Should().Be(0, err2);
        output.Should().Contain("1 utterances done").And.Contain("1 skipped").And.Contain("skipped a_2: ");
        File.ReadAllText(Path.Combine(outDir, "skipped.txt")).Should().StartWith("a_2 ").And.Contain("a2.wav");
    }

    [Fact]
    public void FeaturesCompute_DataDirPipeEntrySkipped_SkippedTxtNamesTheFlag()
    {
        string wav = Tone("a1.wav", 0.5);
        string data = DataDir(("a_1", wav), ("a_2", $"cat {wav} |"));
        string outDir = Path.Combine(_dir, "feats");

        var (code, _, err) = CliRunner.Run("features", "compute", "--data-dir", data, "--out-dir", outDir, "--keep-going");

        code.Should().Be(0, err);
        File.ReadAllText(Path.Combine(outDir, "skipped.txt")).Should().Contain("--allow-pipes").And.NotContain("AudioReadOptions");
    }

    [Fact]
    public void FeaturesCompute_DataDirAllSkipped_ExitsOnePointingAtSkippedTxt()
    {
        string data = DataDir(("a_1", Tone("a1.wav", 0.001)), ("a_2", Tone("a2.wav", 0.002)));
        string outDir = Path.Combine(_dir, "feats");

        var (code, _, err) = CliRunner.Run("features", "compute", "--data-dir", data, "--out-dir", outDir, "--keep-going");

        code.Should().Be(1);
        err.Should().Contain("all 2 were skipped").And.Contain("skipped.txt");
        Directory.GetFileSystemEntries(outDir).Select(Path.GetFileName).Should().Equal("skipped.txt");
    }

    /// <summary>A data dir of one speaker "a" with the given wav.scp entries.</summary>
    string DataDir(params (string Utt, string Entry)[] entries)
    {
        string dir = Path.Combine(_dir, "data");
        Directory.CreateDirectory(dir);
        File.WriteAllLines(Path.Combine(dir, "wav.scp"), entries.Select(e => $"{e.Utt} {e.Entry}"));
        File.WriteAllLines(Path.Combine(dir, "utt2spk"), entries.Select(e => $"{e.Utt} a"));
        File.WriteAllText(Path.Combine(dir, "spk2utt"), "a " + string.Join(' ', entries.Select(e => e.Utt)) + "\n");
        return dir;
    }

    [Fact]
    public void FeaturesPlot_Wav_WritesAPng()
    {
        string png = Path.Combine(_dir, "spec.png");
        var (code, _, err) = CliRunner.Run("features", "plot", "--wav", Tone("p.wav", 0.5), "--out", png);
        code.Should().Be(0, err);
        File.ReadAllBytes(png).Take(4).Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G');
    }

    [Fact]
    public void DataValidate_BrokenDataDir_ListsTheProblemWithFileAndLine()
    {
        string dir = Path.Combine(_dir, "data");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "wav.scp"), "u1 /x/u1.wav\nu2 /x/u2.wav\n");
        File.WriteAllText(Path.Combine(dir, "utt2spk"), "u1 s1\n");
        var (code, _, err) = CliRunner.Run("data", "validate", dir);
        code.Should().Be(1);
        err.Should().Contain("u2");
    }

    [Fact]
    public void Train_UnknownModel_ListsTheKnownOnes()
    {
        var (code, _, err) = CliRunner.Run("train", "no-such-model", "--data", _dir, "--out", Path.Combine(_dir, "exp"));
        code.Should().Be(1);
        err.Should().Contain("unknown model 'no-such-model'").And.Contain("infogan");
    }
}
