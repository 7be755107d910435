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
