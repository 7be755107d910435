using System.Text.Json;
using SkiaSharp;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Mnist;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Dann;
using SpeechDisentangle.Models.Tests.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Dann;

/// <summary>dann-mnist on a user's own domain pair (data.source / target / target_test): PNG folders and IDX files.</summary>
[Collection("torch")]
public sealed class DannOwnPairTests : IDisposable
{
    readonly TestDirectory _dir = new();
    static readonly SKColor Teal = new(20, 120, 110);

    public DannOwnPairTests()
    {
        TorchTestSetup.Init();
        // Source: one-channel 20x20 PNGs, 12 per class. Target: RGB bars on teal, 40x30 and 24x24 in nested folders.
        TinyImageFolders.WriteBars(_dir.Combine("src"), "h", 12, 20, 20, vertical: false, SKColors.Black, seed: 1, SKColorType.Gray8);
        TinyImageFolders.WriteBars(_dir.Combine("src"), "v", 12, 20, 20, vertical: true, SKColors.Black, seed: 2, SKColorType.Gray8);
        TinyImageFolders.WriteBars(_dir.Combine("tgt"), "a", 10, 40, 30, vertical: false, Teal, seed: 3);
        TinyImageFolders.WriteBars(_dir.Combine("tgt"), "b", 10, 24, 24, vertical: true, Teal, seed: 4);
        foreach (var (name, vertical) in new[] { ("h", false), ("v", true) })
        {
            TinyImageFolders.WriteBars(_dir.Combine("tgt_test"), name, 8, 24, 24, vertical, Teal, seed: vertical ? 5 : 6);
            TinyImageFolders.WriteBars(_dir.Combine("tgt_test01"), vertical ? "1" : "0", 8, 24, 24, vertical, Teal, seed: vertical ? 7 : 8);
        }
        TinyMnistFolder.WriteIdx(_dir.Combine("idx"), train: 48, test: 16, seed: 1);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A dann-mnist config whose data: block is <paramref name="data"/> (key: value pairs).</summary>
    static RunConfig Config(string data, int steps = 6, int classes = 10) => ConfigLoader.Parse($"""
        model: dann-mnist
        model_options: {"{"}lambda_max: 0.1, label_hidden: 16, domain_hidden: 16, classes: {classes}{"}"}
        optimizers:
          main: {"{"}kind: adam, learning_rate: 0.003{"}"}
        trainer: {"{"}max_steps: {steps}, batch_size: 16, log_every: 3, progress: false{"}"}
        data: {"{"}{data}{"}"}
        """, "<test>");

    const string FolderPair = "source: src, target: tgt, target_test: tgt_test";

    TaskData Load(string data, TextWriter? log = null, int classes = 10) =>
        new DannMnistTask().LoadData(_dir.Path, Config(data, classes: classes), log ?? TextWriter.Null);

    [Fact]
    public void LoadData_PngFolders_ResizesEveryImageToThreeChannelsOfImageSize()
    {
        var log = new StringWriter();
        using var data = Load(FolderPair + ", image_size: 32", log);
        using var scope = NewDisposeScope();

        var source = data.Get("source_test_x");
        source.shape.Should().Equal(24, 3, 32, 32);
        source[.., 0].allclose(source[.., 1], rtol: 0, atol: 0).Should().BeTrue("a one-channel PNG gives three equal channels");
        source[.., 0].allclose(source[.., 2], rtol: 0, atol: 0).Should().BeTrue();
        data.Get("target_test_x").shape.Should().Equal(16, 3, 32, 32);
        foreach (var x in new[] { source, data.Get("target_test_x") })
            (x.min().item<float>() >= 0 && x.max().item<float>() <= 1).Should().BeTrue("pixels are scaled to [0, 1]");
        // Classes are the source's folder names in order (h = 0, v = 1); target test labels are matched by name.
        data.Get("target_test_y").sum().item<long>().Should().Be(8);
        data.Get("source_test_y").sum().item<long>().Should().Be(12);
        string text = log.ToString();
        text.Should().Contain("data.target").And.Contain("20 images").And.Contain("2 size(s) (24x24, 40x30) resized to 32x32");
        text.Should().Contain("data.source").And.Contain("2 classes (h, v)");
    }

    [Theory]
    [InlineData("rgb", 200f, 100f, 50f)]
    [InlineData("gray", 124.2f, 124.2f, 124.2f)]
    public void LoadData_SolidColourImage_GivesItsColourOrItsLuma(string color, float r, float g, float b)
    {
        TinyImageFolders.WritePng(_dir.Combine("solid", "h", "one.png"), 10, 7, (_, _) => new SKColor(200, 100, 50));

        using var data = Load($"source: src, target: tgt, target_test: solid, color: {color}");
        using var scope = NewDisposeScope();

        var x = data.Get("target_test_x");
        x.shape.Should().Equal(1, 3, 28, 28);
        float[] expected = [r / 255f, g / 255f, b / 255f];
        for (int c = 0; c < 3; c++)
            (x[0, c] - expected[c]).abs().max().item<float>().Should().BeLessThan(1e-3f, $"channel {c}");
    }

    [Fact]
    public void Train_IdxSourcePngTarget_EvaluatesOnTargetTestAndSourceTest()
    {
        string exp = _dir.Combine("exp");
        var log = new StringWriter();
        var config = Config("source: idx/train-images-idx3-ubyte, source_test: idx/t10k-images-idx3-ubyte, target: tgt, target_test: tgt_test01, image_size: 32");

        var metrics = Experiment.Train(config, _dir.Path, exp, resume: false, log);

        var written = JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(Path.Combine(exp, "metrics.json")))!;
        written.Keys.Should().BeEquivalentTo("target_accuracy", "source_accuracy", "domain_accuracy");
        written.Values.Should().OnlyContain(v => double.IsFinite(v) && v >= 0 && v <= 1);
        written.Should().BeEquivalentTo(metrics);
        // 16 target test images: accuracy is a whole number of sixteenths.
        (metrics["target_accuracy"] * 16).Should().BeApproximately(Math.Round(metrics["target_accuracy"] * 16), 1e-9);
        log.ToString().Should().Contain("1 size(s) (28x28) resized to 32x32");
        new FileInfo(Path.Combine(exp, "plots", "domain_samples.png")).Length.Should().BeGreaterThan(1000);
    }

    [Fact]
    public void Train_FoldersWithoutSourceTest_NamesSourceAccuracyAsOnTrainingImages()
    {
        var metrics = Experiment.Train(Config(FolderPair + ", color: gray", steps: 4), _dir.Path, _dir.Combine("exp"), resume: false, TextWriter.Null);

        metrics.Keys.Should().BeEquivalentTo("target_accuracy", "source_train_accuracy", "domain_accuracy");
        metrics.Values.Should().OnlyContain(v => double.IsFinite(v) && v >= 0 && v <= 1);
    }

    [Fact]
    public void LoadData_MissingSourceFolder_NamesPathAndKey()
    {
        var act = () => Load("source: nowhere, target: tgt, target_test: tgt_test");

        act.Should().Throw<DirectoryNotFoundException>().WithMessage("data.source: '*nowhere' does not exist*sub-folder per class*");
    }

    [Fact]
    public void LoadData_ClassFolderWithoutImages_NamesFolder()
    {
        TinyImageFolders.WriteBars(_dir.Combine("src2"), "h", 8, 20, 20, vertical: false, SKColors.Black, seed: 1);
        Directory.CreateDirectory(_dir.Combine("src2", "empty"));
        File.WriteAllText(_dir.Combine("src2", "empty", "notes.txt"), "not an image");

        var act = () => Load("source: src2, target: tgt, target_test: tgt_test");

        act.Should().Throw<InvalidDataException>().WithMessage($"data.source: class folder '{_dir.Combine("src2", "empty")}' holds no .png, .jpg or .jpeg images");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    public void LoadData_UnreadableTargetImage_NamesFileUnlessSkipped(string damage)
    {
        string folder = _dir.Combine("tgt_bad");
        TinyImageFolders.WriteBars(folder, "a", 10, 24, 24, vertical: false, Teal, seed: 9);
        var good = File.ReadAllBytes(Path.Combine(folder, "a", "img0.png"));
        File.WriteAllBytes(Path.Combine(folder, "bad.png"), damage == "garbage" ? [1, 2, 3, 4, 5, 6, 7, 8] : good[..(good.Length / 2)]);

        var act = () => Load("source: src, target: tgt_bad, target_test: tgt_test");

        act.Should().Throw<InvalidDataException>().WithMessage($"data.target: '{Path.Combine(folder, "bad.png")}': *data.skip_unreadable: true*");
        var log = new StringWriter();
        using (Load("source: src, target: tgt_bad, target_test: tgt_test, skip_unreadable: true", log)) { }
        log.ToString().Should().Contain("data.target").And.Contain("10 images").And.Contain($"skipped 1 unreadable: {Path.Combine(folder, "bad.png")}");
    }

    [Fact]
    public void LoadData_IdxLabelCountMismatch_NamesBothFilesAndKey()
    {
        string folder = _dir.Combine("idx_bad");
        Directory.CreateDirectory(folder);
        var images = MnistIdx.ReadImages(_dir.Combine("idx", "train-images-idx3-ubyte"));
        MnistIdx.WriteImages(Path.Combine(folder, "train-images-idx3-ubyte"), images);
        MnistIdx.WriteLabels(Path.Combine(folder, "train-labels-idx1-ubyte"), new byte[47]);

        var act = () => Load("source: idx_bad/train-images-idx3-ubyte, target: tgt, target_test: tgt_test01");

        act.Should().Throw<InvalidDataException>().WithMessage("data.source: count mismatch: '*train-images-idx3-ubyte' has 48 images but '*train-labels-idx1-ubyte' has 47 labels");
    }

    [Fact]
    public void LoadData_IdxNotNamedAsMnist_SaysHowToNameItsLabels()
    {
        File.Copy(_dir.Combine("idx", "train-images-idx3-ubyte"), _dir.Combine("digits.bin"));

        var act = () => Load("source: digits.bin, target: tgt, target_test: tgt_test01");

        act.Should().Throw<InvalidDataException>().WithMessage("data.source: '*digits.bin' is read as an IDX images file*X-images-idx3-ubyte and X-labels-idx1-ubyte*");
    }

    [Fact]
    public void LoadData_TargetTestClassNotInSource_NamesTheClass()
    {
        TinyImageFolders.WriteBars(_dir.Combine("tgt_test_x"), "h", 2, 24, 24, vertical: false, Teal, seed: 1);
        TinyImageFolders.WriteBars(_dir.Combine("tgt_test_x"), "x", 2, 24, 24, vertical: true, Teal, seed: 2);

        var act = () => Load("source: src, target: tgt, target_test: tgt_test_x");

        act.Should().Throw<InvalidDataException>().WithMessage("data.target_test '*tgt_test_x' has classes the source does not: x (data.source '*src' has h, v)");
    }

    [Fact]
    public void LoadData_SourceWithoutTarget_NamesTheMissingKeys()
    {
        var act = () => Load("source: src");

        act.Should().Throw<InvalidOptionsException>().WithMessage("*data.source, data.target and data.target_test go together (missing: data.target, data.target_test)*");
    }

    [Fact]
    public void LoadData_MoreSourceClassesThanTheModelHas_NamesModelOptionsClasses()
    {
        var act = () => Load(FolderPair, classes: 2);

        act.Should().NotThrow("two classes fit two outputs");
        TinyImageFolders.WriteBars(_dir.Combine("src"), "w", 4, 20, 20, vertical: true, SKColors.Gray, seed: 3);
        act.Should().Throw<ArgumentException>().WithMessage("data.source '*src' has 3 classes but model_options.classes is 2; set model_options.classes: 3");
    }
}
