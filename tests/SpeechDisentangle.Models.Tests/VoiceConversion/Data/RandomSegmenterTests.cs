using SpeechDisentangle.Models.VoiceConversion.Data;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.Data;

[Collection("torch")]
public class RandomSegmenterTests
{
    // Frame t of band m holds 100 m + t, so a segment shows where it was cut.
    private static Tensor Ramp(int nMels, int frames) =>
        (arange(nMels).unsqueeze(1) * 100 + arange(frames).unsqueeze(0)).to(ScalarType.Float32);

    [Fact]
    public void Cut_LongUtterance_ReturnsContiguousWindowOfSource()
    {
        using var scope = NewDisposeScope();
        var segment = new RandomSegmenter(10, seed: 1).Cut(Ramp(4, 50));
        segment.shape.Should().Equal(4, 10);
        var start = segment[0, 0].item<float>();
        for (var m = 0; m < 4; m++)
            for (var t = 0; t < 10; t++)
                segment[m, t].item<float>().Should().Be((100 * m) + start + t);
    }

    [Fact]
    public void NextOffset_SameSeed_SameSequenceAndCoversRange()
    {
        var a = new RandomSegmenter(10, seed: 3);
        var b = new RandomSegmenter(10, seed: 3);
        var offsets = Enumerable.Range(0, 200).Select(_ => a.NextOffset(15)).ToList();
        Enumerable.Range(0, 200).Select(_ => b.NextOffset(15)).Should().Equal(offsets);
        offsets.Should().OnlyContain(o => o >= 0 && o <= 5);
        offsets.Distinct().Should().HaveCount(6);
    }

    [Fact]
    public void Cut_ShortUtterance_TilesToSegmentLength()
    {
        using var scope = NewDisposeScope();
        var segment = new RandomSegmenter(7, seed: 1).Cut(Ramp(2, 3));
        segment[1].data<float>().ToArray().Should().Equal(100, 101, 102, 100, 101, 102, 100);
    }

    [Fact]
    public void CutBatch_VariableLengths_StacksChannelsFirst()
    {
        using var scope = NewDisposeScope();
        var batch = new RandomSegmenter(8, seed: 2).CutBatch([Ramp(5, 20), Ramp(5, 8), Ramp(5, 33)]);
        batch.shape.Should().Equal(3, 5, 8);
    }

    [Fact]
    public void Cut_NotTwoDimensional_ThrowsWithShape()
    {
        using var scope = NewDisposeScope();
        var act = () => new RandomSegmenter(8, seed: 2).Cut(zeros(1, 5, 20));
        act.Should().Throw<ArgumentException>().WithMessage("*[NMels, T]*[1, 5, 20]*");
    }
}
