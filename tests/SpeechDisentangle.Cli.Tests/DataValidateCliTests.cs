namespace SpeechDisentangle.Cli.Tests;

[Collection("cli")]
public sealed class DataValidateCliTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "sdt-validate-" + Guid.NewGuid().ToString("N"));

    public DataValidateCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Validate_PipedWavScp_WarnsThatReadingRunsShellCommands()
    {
        File.WriteAllText(Path.Combine(_dir, "wav.scp"), "u1 flac -c -d -s /data/u1.flac |\nu2 /data/u2.wav\n");
        File.WriteAllText(Path.Combine(_dir, "utt2spk"), "u1 s1\nu2 s1\n");
        File.WriteAllText(Path.Combine(_dir, "spk2utt"), "s1 u1 u2\n");

        var (code, output, err) = CliRunner.Run("data", "validate", _dir);

        code.Should().Be(0, err);
        output.Should().Contain("OK, 2 utterances");
        err.Should().Contain("1 wav.scp entries are shell commands").And.Contain("--allow-pipes");
    }

    [Fact]
    public void Validate_PlainWavScp_GivesNoPipeWarning()
    {
        File.WriteAllText(Path.Combine(_dir, "wav.scp"), "u1 /data/u1.wav\n");
        File.WriteAllText(Path.Combine(_dir, "utt2spk"), "u1 s1\n");
        File.WriteAllText(Path.Combine(_dir, "spk2utt"), "s1 u1\n");

        var (code, _, err) = CliRunner.Run("data", "validate", _dir);

        code.Should().Be(0, err);
        err.Should().NotContain("shell commands");
    }
}
