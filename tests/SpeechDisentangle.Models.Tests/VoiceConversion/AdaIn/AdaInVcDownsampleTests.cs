using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Tests.Core.Training;
using SpeechDisentangle.Models.Tests.VoiceConversion.Common;
using SpeechDisentangle.Models.VoiceConversion.AdaIn;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.AdaIn;

[Collection("torch")]
public class AdaInVcDownsampleTests
{
    public AdaInVcDownsampleTests() => TorchTestSetup.Init();

    [Theory]
    [InlineData(21)]
    [InlineData(24)]
    public void Convert_Downsample4_CodeHasQuarterFramesAndOutputKeepsSourceLength(int frames)
    {
        using var model = new AdaInVcModel(AdaInVcFixture.Options() with { ContentDownsample = 4 });
        using var scope = NewDisposeScope();
        var source = randn(SyntheticVoices.NMels, frames);
        var (mean, logVariance) = model.EncodeContent(source.unsqueeze(0));
        mean.shape[2].Should().Be((frames + 3) / 4);
        logVariance.shape.Should().Equal(mean.shape);
        model.Convert(source, randn(SyntheticVoices.NMels, 9)).shape.Should().Equal(source.shape);
    }

    [Fact]
    public void Decode_WithFrames_CutsThePaddedTail()
    {
        using var model = new AdaInVcModel(AdaInVcFixture.Options() with { ContentDownsample = 2 });
        using var scope = NewDisposeScope();
        var (mean, _) = model.EncodeContent(randn(1, SyntheticVoices.NMels, 7));
        var speaker = model.EncodeSpeaker(randn(1, SyntheticVoices.NMels, 7));
        model.Decode(mean, speaker).shape[2].Should().Be(8);
        model.Decode(mean, speaker, 7).shape[2].Should().Be(7);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(0)]
    public void Validate_DownsampleNotAPowerOfTwoUpToTwoToTheBlocks_NamesIt(int factor)
    {
        var act = (AdaInVcFixture.Options() with { Blocks = 2, ContentDownsample = factor }).Validate;
        act.Should().Throw<ArgumentException>().WithMessage("*content_downsample*2^blocks = 4*");
    }
}
