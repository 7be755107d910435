using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Dann;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Dann;

[Collection("torch")]
public class DigitCnnTests
{
    static Batch Images(params long[] shape) => new() { ["x"] = rand(shape) };

    [Theory]
    [InlineData(1L, 28L)]
    [InlineData(3L, 28L)]
    [InlineData(3L, 32L)]
    public void Forward_GrayOrRgbDigits_Gives768Features(long channels, long side)
    {
        using var scope = NewDisposeScope();
        using var cnn = new DigitCnn(inChannels: 3);
        cnn.forward(Images(2, channels, side, side)).shape.Should().Equal(2, cnn.OutputDim);
        cnn.OutputDim.Should().Be(768);
    }

    [Fact]
    public void Forward_WrongImageSize_ThrowsNamingExpectedShape()
    {
        using var scope = NewDisposeScope();
        using var cnn = new DigitCnn();
        var act = () => cnn.forward(Images(2, 3, 64, 64));
        act.Should().Throw<ArgumentException>().WithMessage("*28|32*2, 3, 64, 64*");
    }

    [Fact]
    public void DannModel_SpeechExtractor_ClassifiesPooledEmbeddings()
    {
        using var scope = NewDisposeScope();
        var extractor = new SpeechFeatureExtractor(new SpeechEncoderOptions { InputBins = 8, Channels = [6, 5], Kernels = [3, 1], Dilations = [1, 1] });
        using var model = new DannModel(extractor, new DannOptions { Classes = 3 });
        var batch = new Batch { ["feats"] = randn(4, 10, 8), ["lengths"] = tensor(new long[] { 10, 9, 5, 3 }) };
        var output = model.forward(batch);
        output.Features.shape.Should().Equal(4, 10);
        output.LabelLogits.shape.Should().Equal(4, 3);
        output.DomainLogits.shape.Should().Equal(4, 2);
    }
}
