using SpeechDisentangle.Models.Tests.Images.Common;

namespace SpeechDisentangle.Cli.Tests;

/// <summary>`sdt export` as a user runs it after `sdt train`: files written, an existing output refused, --overwrite.</summary>
[Collection("cli")]
public sealed class ExportCliTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "sdt-export-cli-" + Guid.NewGuid().ToString("N")[..12]);

    public ExportCliTests()
    {
        string data = Path.Combine(_dir, "mnist");
        TinyMnistFolder.Write(data, trainPerClass: 2, testPerClass: 1);
        var (code, _, err) = CliRunner.Run("train", "mnist-classifier", "--data", data, "--out", Path.Combine(_dir, "exp"),
            "--set", "trainer.max_steps=2", "--set", "trainer.batch_size=20", "--set", "trainer.progress=false",
            "--set", "model_options.base_channels=4", "--set", "model_options.feature_dim=16");
        code.Should().Be(0, err);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    string Checkpoint => Path.Combine(_dir, "exp", "checkpoints", "last.ckpt");

    [Fact]
    public void Export_WritesStateDictAndJson_ThenRefusesToReplaceThemUnlessOverwrite()
    {
        string pt = Path.Combine(_dir, "out", "model.pt");
        string json = Path.Combine(_dir, "out", "model.json");

        var first = CliRunner.Run("export", "--checkpoint", Checkpoint, "--out", pt);
        var before = File.ReadAllBytes(pt);
        var again = CliRunner.Run("export", "--checkpoint", Checkpoint, "--out", pt);
        var replaced = CliRunner.Run("export", "--checkpoint", Checkpoint, "--out", pt, "--overwrite");

        first.Code.Should().Be(0, first.Err);
        first.Out.Should().Contain($"{pt}: ").And.Contain("tensors of mnist-classifier (step 2); architecture in " + json);
        File.ReadAllText(json).Should().Contain("\"format\": \"sdt-export-1\"").And.Contain("\"base_channels\": 4");
        again.Code.Should().Be(1);
        again.Err.Trim().Should().Be($"sdt export: error: --out '{pt}' already exists; pass --overwrite to replace it");
        File.ReadAllBytes(pt).Should().Equal(before, "a refused export leaves the file alone");
        replaced.Code.Should().Be(0, replaced.Err);
        Directory.GetFiles(Path.Combine(_dir, "out")).Order(StringComparer.Ordinal).Should().Equal(json, pt);
    }

    [Fact]
    public void Export_CheckpointOutsideAnExperimentFolder_FailsNamingTheMissingConfig()
    {
        string loose = Path.Combine(_dir, "loose", "x", "last.ckpt");
        Directory.CreateDirectory(Path.GetDirectoryName(loose)!);
        File.Copy(Checkpoint, loose);

        var (code, _, err) = CliRunner.Run("export", "--checkpoint", loose, "--out", Path.Combine(_dir, "m.pt"));

        code.Should().Be(1);
        err.Should().StartWith("sdt export: error: ").And.Contain("config.yaml");
        File.Exists(Path.Combine(_dir, "m.pt")).Should().BeFalse();
    }
}
