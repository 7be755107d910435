using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Cli.Tests;

[Collection("cli")]
public sealed class CtmCliTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "sdt-cli-ctm-" + Guid.NewGuid().ToString("N"));

    public CtmCliTests()
    {
        string wav = Path.Combine(_dir, "u1.wav");
        Directory.CreateDirectory(_dir);
        WavWriter.Write(wav, AudioData.Mono(new float[1600], 16000));
        KaldiDataDir.Create(new Dictionary<string, string> { ["u1"] = wav }, new Dictionary<string, string> { ["u1"] = "s1" }).Save(Path.Combine(_dir, "data"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void CtmToFrameLabels_StripStress_WritesLabelsAndPhones()
    {
        string ctm = Path.Combine(_dir, "ali.ctm"), data = Path.Combine(_dir, "data");
        File.WriteAllText(ctm, "u1 1 0.00 0.03 SIL\nu1 1 0.03 0.04 AH0_B\nu1 1 0.07 0.03 AH1_E\n");
        var (code, output, err) = CliRunner.Run("data", "ctm-to-frame-labels", "--ctm", ctm, "--data-dir", data,
            "--out", Path.Combine(data, "frame_labels.txt"), "--strip-stress");
        code.Should().Be(0, err);
        output.Should().Contain("1 utterances, 8 frames, 2 phones");
        File.ReadAllText(Path.Combine(data, "frame_labels.txt")).Should().Be("u1 1 1 0 0 0 0 0 0\n");
        File.ReadAllText(Path.Combine(data, "phones.txt")).Should().Be("AH 0\nSIL 1\n");
    }

    [Fact]
    public void CtmToFrameLabels_NeitherCtmNorTextGrids_ExitsOneSaying()
    {
        var (code, _, err) = CliRunner.Run("data", "ctm-to-frame-labels", "--data-dir", Path.Combine(_dir, "data"), "--out", Path.Combine(_dir, "x.txt"));
        code.Should().Be(1);
        err.Should().Contain("give exactly one of --ctm FILE and --textgrids DIR");
    }
}
