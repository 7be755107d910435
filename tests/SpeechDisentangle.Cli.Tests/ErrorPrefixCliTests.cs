namespace SpeechDisentangle.Cli.Tests;

[Collection("cli")]
public sealed class ErrorPrefixCliTests
{
    [Fact]
    public void Error_InASubcommand_NamesTheFullCommandPath()
    {
        string missing = Path.Combine(Path.GetTempPath(), "sdt-missing-" + Guid.NewGuid().ToString("N") + ".wav");

        var (code, _, err) = CliRunner.Run("features", "compute", "--wav", missing, "--out", missing + ".npy");

        code.Should().Be(1);
        err.Should().StartWith("sdt features compute: error: ").And.Contain(missing);
    }
}
