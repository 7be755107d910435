using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Cli.Tests.Demo;

/// <summary>
/// `sdt` on damaged checkpoints and used experiment folders, on copies of the fixture's trained vc-adain experiment:
/// every loading command exits 1 naming the file and the damage, and `sdt train` refuses a folder that holds a run.
/// </summary>
[Collection("vc-cli")]
public sealed class CheckpointCliTests(VcExperimentFixture fixture)
{
    string CopyOfExperiment()
    {
        string copy = Path.Combine(fixture.Root, "exp-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (string file in Directory.GetFiles(fixture.Experiment, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(fixture.Experiment, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }

    string[] Command(string name, string checkpoint, string outDir) => name switch
    {
        "eval" => ["eval", "--checkpoint", checkpoint, "--data", fixture.Features],
        "convert" => ["convert", "--checkpoint", checkpoint, "--source", fixture.SourceWav, "--target", fixture.ReferenceWav, "--out", Path.Combine(outDir, "out.wav")],
        _ => ["demo", "--checkpoint", checkpoint, "--data-dir", fixture.Features, "--out-dir", outDir, "--pairs", "1"],
    };

    [Theory]
    [InlineData("eval", "corrupt")]
    [InlineData("eval", "truncated")]
    [InlineData("convert", "corrupt")]
    [InlineData("demo", "truncated")]
    public void LoadingCommand_DamagedCheckpoint_ExitsOneNamingFileAndDamageAndWritesNothing(string command, string damage)
    {
        string exp = CopyOfExperiment();
        File.Delete(Path.Combine(exp, "metrics.json"));
        string checkpoint = Path.Combine(exp, "checkpoints", "last.ckpt");
        if (damage == "corrupt") FileDamage.FlipMiddle(checkpoint, 200);
        else FileDamage.TruncateTo(checkpoint, new FileInfo(checkpoint).Length * 2 / 3);
        string outDir = Path.Combine(exp, "out");

        var (code, _, err) = CliRunner.Run(Command(command, checkpoint, outDir));

        code.Should().Be(1);
        err.Should().StartWith($"sdt {command}: error: checkpoint '{checkpoint}' is {damage}");
        File.Exists(Path.Combine(exp, "metrics.json")).Should().BeFalse("a damaged checkpoint is never evaluated");
        Directory.Exists(outDir).Should().BeFalse();
    }

    [Fact]
    public void CheckpointVerify_GoodAndCorrupt_PrintsStepOfTheGoodOneAndExitsOne()
    {
        string exp = CopyOfExperiment();
        string bad = Path.Combine(exp, "checkpoints", "last.ckpt");
        FileDamage.FlipMiddle(bad, 200);

        var (code, output, err) = CliRunner.Run("checkpoint", "verify", fixture.Checkpoint, bad);

        code.Should().Be(1);
        output.Should().Contain($"{fixture.Checkpoint}: ok (step 5,");
        err.Should().Contain($"checkpoint '{bad}' is corrupt");
    }

    [Fact]
    public void Train_IntoAFolderHoldingARun_ExitsOneNamingFolderAndFlagsAndChangesNothing()
    {
        string exp = CopyOfExperiment();
        var before = Directory.GetFiles(exp, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var (code, _, err) = CliRunner.Run("train", "vc-adain", "--data", fixture.Features, "--out", exp, "--config", Path.Combine(exp, "config.yaml"));

        code.Should().Be(1);
        err.Should().Contain($"'{exp}' already holds a run").And.Contain("--resume").And.Contain("--overwrite");
        Directory.GetFiles(exp, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc).Should().Equal(before);
    }

    [Fact]
    public void Train_InvalidTrainerOption_ExitsOneAndCreatesNoFolder()
    {
        string exp = Path.Combine(fixture.Root, "never-" + Guid.NewGuid().ToString("N")[..8], "exp");

        var (code, _, err) = CliRunner.Run("train", "vc-adain", "--data", fixture.Features, "--out", exp, "--set", "trainer.max_steps=0");

        code.Should().Be(1);
        err.Should().Contain("max_steps must be >= 1");
        Directory.Exists(Path.GetDirectoryName(exp)).Should().BeFalse();
    }
}
