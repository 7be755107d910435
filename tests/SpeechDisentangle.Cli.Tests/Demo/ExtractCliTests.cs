namespace SpeechDisentangle.Cli.Tests.Demo;

/// <summary>
/// `sdt extract` on the fixture's vc-adain experiment, trained on synthetic features that carry no front-end record:
/// a feature dir still extracts (with a warning that only bins are checked), audio is refused with the reason.
/// </summary>
[Collection("vc-cli")]
public sealed class ExtractCliTests(VcExperimentFixture fixture)
{
    [Fact]
    public void Extract_FeatureDirByTheDataDirAlias_WritesTheContentCodeAndWarnsThatTheFrontEndIsUnchecked()
    {
        string outDir = Path.Combine(fixture.Root, "extract-feats");

        var (code, stdout, stderr) = CliRunner.Run("extract", "--checkpoint", fixture.Checkpoint, "--data-dir", fixture.Features, "--out-dir", outDir);

        code.Should().Be(0, stderr);
        stdout.Should().Contain("extract: 30 utterances").And.Contain("(8-dim frames)");
        stderr.Should().Contain($"{fixture.Features} records no front end");
        File.ReadAllLines(Path.Combine(outDir, "utt2spk")).Should().HaveCount(30);
    }

    [Fact]
    public void Extract_AudioWithAModelThatRecordsNoLogMel_ExitsOneSayingWhatToDo()
    {
        var (code, _, stderr) = CliRunner.Run("extract", "--checkpoint", fixture.Checkpoint, "--input", fixture.SourceWav,
            "--out-dir", Path.Combine(fixture.Root, "extract-wav"));

        code.Should().Be(1);
        stderr.Should().Contain($"checkpoint {fixture.Checkpoint} records no log-mel front end").And.Contain("pass a feature data dir");
    }
}
