using SpeechDisentangle.Models.VoiceConversion.Evaluation;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.Evaluation;

[Collection("torch")]
public class SpectralFineStructureTests
{
    /// <summary>A log-mel [40, 30] with a harmonic-like comb across bands on a sloping envelope.</summary>
    private static Tensor Comb()
    {
        var m = new float[40, 30];
        for (int b = 0; b < 40; b++)
            for (int t = 0; t < 30; t++) m[b, t] = (float)(-5 - (0.1 * b) + (2 * Math.Cos(2 * Math.PI * b / 3.0)) + (0.01 * t));
        return tensor(m);
    }

    [Fact]
    public void Ratio_ExtraTiltAcrossBands_IsOne()
    {
        // A straight line across bands is its own moving average, so it adds no fine structure.
        using var a = Comb();
        using var tilted = a + linspace(0, -4, 40).unsqueeze(1) + 2;
        SpectralFineStructure.Ratio(a, tilted).Should().BeApproximately(1, 1e-5);
    }

    [Fact]
    public void Ratio_CombTwiceAsDeep_IsFour()
    {
        // Doubling the log-mel doubles its deviation from the moving average: four times the variance.
        using var a = Comb();
        using var deeper = a * 2;
        SpectralFineStructure.Ratio(a, deeper).Should().BeApproximately(4, 4e-6);
    }

    [Fact]
    public void Ratio_CombSmearedAcrossBands_FallsFarBelowOne()
    {
        using var a = Comb();
        using var kernel = full(1, 1, 3, 1.0f / 3);
        using var smeared = nn.functional.conv1d(a.t().unsqueeze(1), kernel, padding: 1).squeeze(1).t();
        SpectralFineStructure.Ratio(a, smeared).Should().BeLessThan(0.1, "a 3-band average removes a period-3 comb");
    }

    [Fact]
    public void Ratio_LevelShiftOverTime_LeavesItUnchanged()
    {
        using var a = Comb();
        using var shifted = a + linspace(0, 3, 30).unsqueeze(0);
        SpectralFineStructure.Ratio(a, shifted).Should().BeApproximately(1, 1e-6);
    }
}
