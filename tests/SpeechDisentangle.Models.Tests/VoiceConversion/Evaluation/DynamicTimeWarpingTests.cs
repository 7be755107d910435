using SpeechDisentangle.Models.VoiceConversion.Evaluation;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.Evaluation;

public class DynamicTimeWarpingTests
{
    private static double Abs(double x, double y) => Math.Abs(x - y);

    [Fact]
    public void Align_RepeatedFrames_ZeroCostAlongLongerSequence()
    {
        var (cost, steps) = DynamicTimeWarping.Align(new double[] { 0, 1, 2 }, new double[] { 0, 0, 1, 2, 2 }, Abs);
        cost.Should().Be(0);
        steps.Should().Be(5);
    }

    [Fact]
    public void Align_OneOutlier_CostIsItsDistance()
    {
        var (cost, steps) = DynamicTimeWarping.Align(new double[] { 0, 1, 2 }, new double[] { 0, 4, 2 }, Abs);
        cost.Should().Be(3);
        steps.Should().Be(3);
    }

    [Fact]
    public void Align_EmptySequence_Throws()
    {
        var act = () => DynamicTimeWarping.Align(Array.Empty<double>(), new double[] { 1 }, Abs);
        act.Should().Throw<ArgumentException>().WithMessage("*non-empty*");
    }
}
