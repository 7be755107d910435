using SpeechDisentangle.Models.Common.Mnist;
using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Models.Tests.Common.Mnist;

public class MnistIdxTests
{
    static IdxImages ThreeImages() => new(3, 2, 4, Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray());

    [Theory]
    [InlineData("imgs-idx3-ubyte")]
    [InlineData("imgs-idx3-ubyte.gz")]
    public void WriteThenReadImages_RoundTrip_GivesSameImages(string name)
    {
        using var dir = new TestDirectory();
        string path = dir.Combine(name);

        MnistIdx.WriteImages(path, ThreeImages());
        var back = MnistIdx.ReadImages(path);

        back.Count.Should().Be(3);
        back.Rows.Should().Be(2);
        back.Columns.Should().Be(4);
        back.Pixels.Should().Equal(ThreeImages().Pixels);
        back.Image(1).ToArray().Should().Equal(80, 90, 100, 110, 120, 130, 140, 150);
    }

    [Fact]
    public void WriteImages_Uncompressed_HasBigEndianHeader()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("x-idx3-ubyte");

        MnistIdx.WriteImages(path, ThreeImages());

        File.ReadAllBytes(path)[..16].Should().Equal(0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 4);
    }

    [Fact]
    public void WriteThenReadLabels_RoundTripGz_GivesSameLabels()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("l-idx1-ubyte.gz");

        MnistIdx.WriteLabels(path, new byte[] { 3, 1, 4, 1, 5 });

        MnistIdx.ReadLabels(path).Should().Equal(3, 1, 4, 1, 5);
    }

    [Fact]
    public void ReadImages_LabelsFile_ThrowsNamingFileAndMagic()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("labels-idx1-ubyte");
        MnistIdx.WriteLabels(path, new byte[] { 1, 2 });

        var act = () => MnistIdx.ReadImages(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{path}*magic number 2049*expected 2051*");
    }

    [Fact]
    public void ReadImages_TruncatedBody_ThrowsNamingFileAndSizes()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("imgs-idx3-ubyte");
        MnistIdx.WriteImages(path, ThreeImages());
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..30]);

        var act = () => MnistIdx.ReadImages(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{path}*truncated*3 images*40 bytes*30 bytes*");
    }

    [Fact]
    public void ReadLabels_TruncatedHeader_ThrowsNamingFile()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("l-idx1-ubyte");
        File.WriteAllBytes(path, [0, 0, 8, 1, 0]);

        var act = () => MnistIdx.ReadLabels(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{path}*truncated*label count*");
    }

    [Fact]
    public void ReadPair_CountMismatch_ThrowsNamingBothFiles()
    {
        using var dir = new TestDirectory();
        string images = dir.Combine("i-idx3-ubyte");
        string labels = dir.Combine("l-idx1-ubyte");
        MnistIdx.WriteImages(images, ThreeImages());
        MnistIdx.WriteLabels(labels, new byte[] { 1, 2, 3, 4 });

        var act = () => MnistIdx.ReadPair(images, labels);

        act.Should().Throw<InvalidDataException>().WithMessage($"*count mismatch*{images}*3 images*{labels}*4 labels*");
    }
}
