using SpeechDisentangle.Models.Common.Mnist;
using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Models.Tests.Common.Mnist;

[Collection("torch")]
public class MnistFilesTests
{
    public MnistFilesTests() => TorchTestSetup.Init();

    [Fact]
    public void LoadTensors_TestSplit_GivesScaledImagesAndLongLabels()
    {
        using var dir = new TestDirectory();
        var (images, labels) = MnistFiles.Paths(dir.Path, "test", gzip: true);
        MnistIdx.WriteImages(images, new IdxImages(2, 2, 2, [0, 255, 51, 102, 255, 255, 0, 0]));
        MnistIdx.WriteLabels(labels, new byte[] { 7, 3 });

        var (x, y) = MnistFiles.LoadTensors(dir.Path, "test");

        x.shape.Should().Equal(2, 1, 2, 2);
        x.data<float>().ToArray().Should().Equal(0f, 1f, 0.2f, 0.4f, 1f, 1f, 0f, 0f);
        y.data<long>().ToArray().Should().Equal(7, 3);
        Path.GetFileName(images).Should().Be("t10k-images-idx3-ubyte.gz");
    }

    [Fact]
    public void Find_NoFiles_ThrowsNamingFolderAndExpectedNames()
    {
        using var dir = new TestDirectory();

        var act = () => MnistFiles.Find(dir.Path, "train");

        act.Should().Throw<FileNotFoundException>().WithMessage($"*{dir.Path}*train-images-idx3-ubyte*");
    }
}
