using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Tests.Features;

public class MelScalesTests
{
    [Fact]
    public void HzToMel_KnownPoints_MatchFormulas()
    {
        MelScales.HzToMel(700, MelScale.Kaldi).Should().BeApproximately(1127 * Math.Log(2), 1e-9);
        MelScales.HzToMel(700, MelScale.Htk).Should().BeApproximately(2595 * Math.Log10(2), 1e-9);
        MelScales.HzToMel(500, MelScale.Slaney).Should().BeApproximately(7.5, 1e-12);
        MelScales.HzToMel(1000, MelScale.Slaney).Should().BeApproximately(15, 1e-12);
        MelScales.HzToMel(2000, MelScale.Slaney).Should().BeApproximately(15 + (27 * Math.Log(2) / Math.Log(6.4)), 1e-9);
    }

    [Theory]
    [InlineData(MelScale.Kaldi)]
    [InlineData(MelScale.Htk)]
    [InlineData(MelScale.Slaney)]
    public void MelToHz_RoundTrip_ReturnsFrequency(MelScale scale)
    {
        foreach (var hz in new[] { 0.0, 20, 440, 999.9, 1000, 1000.1, 4000, 11025, 22050 })
        {
            MelScales.MelToHz(MelScales.HzToMel(hz, scale), scale).Should().BeApproximately(hz, 1e-6);
        }
    }

    [Fact]
    public void HzToMel_KaldiAndHtk_AreTheSameScale()
    {
        // 1127 ln(1 + f/700) and 2595 log10(1 + f/700) agree to the rounding of the constants.
        MelScales.HzToMel(8000, MelScale.Kaldi).Should().BeApproximately(MelScales.HzToMel(8000, MelScale.Htk), 0.1);
    }
}
