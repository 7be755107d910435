namespace SpeechDisentangle.Cli.Tests;

[Collection("cli")]
public sealed class CompareCliTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "sdt-cli-compare-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Experiment(string name, string metricsJson)
    {
        string exp = Path.Combine(_dir, name);
        Directory.CreateDirectory(exp);
        File.WriteAllText(Path.Combine(exp, "metrics.json"), metricsJson);
        return exp;
    }

    [Fact]
    public void Compare_Mean_AddsARowWithEachMetricsMeanOverTheExperimentsThatHaveIt()
    {
        string a = Experiment("fold1", """{"spk_acc_unseen": 0.5, "mcd_unseen": 40}""");
        string b = Experiment("fold2", """{"spk_acc_unseen": 0.25}""");

        var (code, output, err) = CliRunner.Run("compare", a, b, "--metric", "spk_acc_unseen", "--metric", "mcd_unseen", "--mean");

        code.Should().Be(0, err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().Contain("| fold2 | 0.250 | - |");
        lines[^1].Should().Be("| mean of 2 | 0.375 | 40.000 |", "a metric one experiment lacks is averaged over those that have it");
    }

    [Fact]
    public void Compare_WithoutMean_HasNoMeanRow()
    {
        string a = Experiment("fold1", """{"spk_acc_unseen": 0.5}""");
        var (code, output, _) = CliRunner.Run("compare", a, "--metric", "spk_acc_unseen");
        code.Should().Be(0);
        output.Should().NotContain("mean");
    }
}
