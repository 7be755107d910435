using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Tests.Features;

public class LaneTransposeTests
{
    private const int Lanes = LaneTranspose.Lanes;

    [Theory]
    [InlineData(8, 19)]
    [InlineData(5, 19)]
    [InlineData(1, 16)]
    [InlineData(8, 3)]
    public void RowsToLanes_OverlappingRows_PutsRowElementsInLanesAndRepeatsTheLastRow(int rows, int length)
    {
        const int Stride = 7; // rows overlap, as frames do
        var samples = Enumerable.Range(0, ((rows - 1) * Stride) + length).Select(i => (float)i).ToArray();
        var lanes = new float[length * Lanes];

        LaneTranspose.RowsToLanes(samples, Stride, rows, length, lanes);

        for (var n = 0; n < length; n++)
        {
            for (var l = 0; l < Lanes; l++)
            {
                lanes[(n * Lanes) + l].Should().Be(samples[(Math.Min(l, rows - 1) * Stride) + n], $"element {n}, lane {l}");
            }
        }
    }

    [Theory]
    [InlineData(8, 80)]
    [InlineData(3, 80)]
    [InlineData(8, 23)]
    public void LanesToRows_ValidRows_WritesOnlyThoseRows(int rows, int length)
    {
        var lanes = Enumerable.Range(0, length * Lanes).Select(i => (float)i).ToArray();
        var output = Enumerable.Repeat(-1f, (Lanes + 1) * length).ToArray();

        LaneTranspose.LanesToRows(lanes, length, output, length, rows);

        for (var l = 0; l <= Lanes; l++)
        {
            for (var n = 0; n < length; n++)
            {
                output[(l * length) + n].Should().Be(l < rows ? lanes[(n * Lanes) + l] : -1f, $"row {l}, element {n}");
            }
        }
    }

    [Fact]
    public void RowsToLanes_TooFewSamples_ThrowsNamingSizes()
    {
        var act = () => LaneTranspose.RowsToLanes(new float[100], 160, 2, 400, new float[400 * Lanes]);

        act.Should().Throw<ArgumentException>().WithMessage("*560*100*");
    }
}
