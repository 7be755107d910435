using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Tests.Features;

public class ReferenceComparisonTests
{
    public static IEnumerable<object[]> Cases => ReferenceFixture.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_TorchaudioReference_MatchesFrameByFrame(string name, string preset)
    {
        var (samples, expected, frames, options) = ReferenceFixture.Load(name, preset);
        var extractor = new LogMelExtractor(options);

        var actual = extractor.Compute(samples);

        actual.Length.Should().Be(frames * extractor.NumBins, "frame count must match torchaudio's");
        var dynamicRange = preset.StartsWith("kaldi", StringComparison.Ordinal) ? ReferenceFixture.KaldiDynamicRange : double.PositiveInfinity;
        var (worst, worstAt) = ReferenceFixture.WorstDifference(actual, expected, extractor.NumBins, dynamicRange);
        worst.Should().BeLessThanOrEqualTo(ReferenceFixture.Tolerance, worstAt);
    }
}
