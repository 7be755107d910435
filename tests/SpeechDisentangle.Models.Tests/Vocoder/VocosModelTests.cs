using SpeechDisentangle.Models.Vocoder;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Vocoder;

[Collection("torch")]
public class VocosModelTests
{
    private static readonly VocosOptions Tiny = new() { NMels = 20, Channels = 16, IntermediateChannels = 32, Blocks = 2, StftResolutions = [64, 128] };

    [Theory]
    [InlineData(2)]
    [InlineData(37)]
    public void Forward_LogMelOfTFrames_GivesTMinusOneHopsOfAudioPerItem(int frames)
    {
        using var model = new VocosModel(Tiny);
        using var mel = randn(3, 20, frames) - 10;
        using var audio = model.call(mel);
        audio.shape.Should().Equal(3, (frames - 1) * model.Spec.HopLength);
    }

    [Fact]
    public void NeuralVocoder_ChannelsFirstLogMelWithoutBatch_GivesOneWaveform()
    {
        using var vocoder = new NeuralVocoder(new VocosModel(Tiny));
        using var mel = randn(20, 12) - 10;
        using var audio = vocoder.Synthesize(mel);
        audio.shape.Should().Equal(11 * vocoder.Spec.HopLength);
        audio.dtype.Should().Be(ScalarType.Float32);
    }

    [Fact]
    public void NeuralVocoder_WrongBandCount_SaysWhatItExpects()
    {
        using var vocoder = new NeuralVocoder(new VocosModel(Tiny));
        using var mel = randn(80, 12);
        var act = () => vocoder.Synthesize(mel);
        act.Should().Throw<ArgumentException>().WithMessage("*[20, T]*");
    }

    [Fact]
    public void SpecFor_IsTheVcFrontEndsMel()
    {
        using var frontEnd = new SpeechDisentangle.Models.VoiceConversion.Conversion.VcFrontEnd(80);
        VocosModel.SpecFor(80).Should().Be(frontEnd.GriffinLim.Spec);
    }

    [Fact]
    public void Options_EvenKernelAndNoLoss_ReportsBoth()
    {
        var errors = (Tiny with { KernelSize = 4, MelWeight = 0, StftWeight = 0 }).Errors();
        errors.Should().Contain(e => e.StartsWith("kernel_size", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("nothing to train on", StringComparison.Ordinal));
    }
}
