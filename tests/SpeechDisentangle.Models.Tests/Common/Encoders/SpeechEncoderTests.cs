using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Encoders;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Common.Encoders;

[Collection("torch")]
public class SpeechEncoderTests
{
    static readonly SpeechEncoderOptions Small = new() { InputBins = 8, Channels = [6, 6, 5], Kernels = [5, 3, 1], Dilations = [1, 2, 1] };

    [Fact]
    public void ReceptiveField_XVectorDefaults_IsFifteenFrames()
    {
        using var encoder = new SpeechEncoder(new SpeechEncoderOptions());
        // 1 + (5-1)*1 + (3-1)*2 + (3-1)*3 + 0 + 0
        encoder.ReceptiveField.Should().Be(15);
        encoder.LeftContext.Should().Be(7);
    }

    [Fact]
    public void Forward_PaddedBatch_GivesFrameAndPooledShapes()
    {
        using var scope = NewDisposeScope();
        using var encoder = new SpeechEncoder(Small);
        var feats = randn(3, 20, 8);
        var output = encoder.forward(feats, tensor(new long[] { 20, 15, 9 }));
        // receptive field 1 + 4 + 4 = 9
        output.Frames.shape.Should().Equal(3, 12, 5);
        output.FrameLengths.data<long>().ToArray().Should().Equal(12, 7, 1);
        output.Pooled.shape.Should().Equal(3, 10);
    }

    [Fact]
    public void Forward_ChangedPadding_LeavesPooledEmbeddingUnchanged()
    {
        using var scope = NewDisposeScope();
        using var encoder = new SpeechEncoder(Small);
        encoder.eval();
        var feats = randn(2, 20, 8);
        var lengths = tensor(new long[] { 20, 12 });
        var noisyPadding = feats.clone();
        noisyPadding[1, TensorIndex.Slice(12)] = randn(8, 8) * 100;
        using var noGrad = no_grad();
        var clean = encoder.forward(feats, lengths).Pooled;
        var noisy = encoder.forward(noisyPadding, lengths).Pooled;
        noisy.allclose(clean, rtol: 1e-5, atol: 1e-5).Should().BeTrue();
    }

    [Fact]
    public void Forward_InstanceNorm_IgnoresPaddingAndAPerBinOffsetOfOneUtterance()
    {
        using var scope = NewDisposeScope();
        using var encoder = new SpeechEncoder(Small with { InstanceNormLayers = 2 });
        encoder.eval();
        var feats = randn(2, 20, 8);
        var lengths = tensor(new long[] { 20, 12 });
        // A constant per-bin offset on one utterance (a fixed spectral tilt, as a voice or channel has), and padding noise.
        var shifted = feats.clone();
        shifted[1] += randn(8) * 3;
        shifted[1, TensorIndex.Slice(12)] = randn(8, 8) * 100;
        using var noGrad = no_grad();
        var clean = encoder.forward(feats, lengths).Pooled;
        var moved = encoder.forward(shifted, lengths).Pooled;
        moved.allclose(clean, rtol: 1e-4, atol: 1e-4).Should().BeTrue("the first conv turns a per-bin offset into a per-channel one, which instance norm removes");
        using var plain = new SpeechEncoder(Small);
        plain.eval();
        plain.forward(shifted, lengths).Pooled.allclose(plain.forward(feats, lengths).Pooled, rtol: 1e-4, atol: 1e-4).Should().BeFalse("without instance norm the offset reaches the embedding");
    }

    [Fact]
    public void Validate_InstanceNormOnTheLastLayer_IsRejected()
    {
        var act = () => (Small with { InstanceNormLayers = 3 }).Validate();
        act.Should().Throw<ArgumentException>().WithMessage("*instance_norm_layers must be in [0, 2]*");
    }

    [Fact]
    public void Forward_UtteranceShorterThanReceptiveField_ThrowsNamingRowAndField()
    {
        using var scope = NewDisposeScope();
        using var encoder = new SpeechEncoder(Small);
        var act = () => encoder.forward(randn(3, 20, 8), tensor(new long[] { 20, 8, 15 }));
        act.Should().Throw<ArgumentException>().WithMessage("*utterance 1*8 frames*receptive field of 9 frames*");
    }

    [Fact]
    public void Forward_WrongBinCount_ThrowsNamingExpectedShape()
    {
        using var scope = NewDisposeScope();
        using var encoder = new SpeechEncoder(Small);
        var act = () => encoder.forward(randn(2, 20, 80), tensor(new long[] { 20, 20 }));
        act.Should().Throw<ArgumentException>().WithMessage("*[batch, frames, 8]*2, 20, 80*");
    }

    [Fact]
    public void AlignFrameLabels_ValidConvolutions_TakesCentreLabelsAndMasksPadding()
    {
        using var scope = NewDisposeScope();
        using var encoder = new SpeechEncoder(Small);
        var labels = arange(20L).unsqueeze(0).repeat(2, 1);
        var aligned = encoder.AlignFrameLabels(labels, tensor(new long[] { 12, 3 }));
        aligned.shape.Should().Equal(2, 12);
        // output frame t is centred on input frame t + 4
        aligned[0].data<long>().ToArray().Should().Equal(Enumerable.Range(4, 12).Select(i => (long)i));
        aligned[1].data<long>().ToArray().Should().Equal(new long[] { 4, 5, 6 }.Concat(Enumerable.Repeat(-100L, 9)));
    }

    [Fact]
    public void Validate_SeveralBadFields_ReportsThemAll()
    {
        var bad = new SpeechEncoderOptions { InputBins = 0, Channels = [4, 4], Kernels = [4, 3], Dilations = [1, 0] };
        var act = () => bad.Validate();
        act.Should().Throw<ArgumentException>()
            .WithMessage("*input_bins*").And.Message.Should().Contain("kernels[0]").And.Contain("dilations[1]");
    }
}
