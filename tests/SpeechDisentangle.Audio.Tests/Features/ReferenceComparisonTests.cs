using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Tests.Features;

public class ReferenceComparisonTests
{
    private const double Tolerance = 2e-3;
    private const double KaldiDynamicRange = 14.0; // nats below the frame maximum that are compared

    public static IEnumerable<object[]> Cases => ReferenceFixture.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_TorchaudioReference_MatchesFrameByFrame(string name, string preset)
    {
        var (samples, expected, frames, options) = ReferenceFixture.Load(name, preset);
        var extractor = new LogMelExtractor(options);

        var actual = extractor.Compute(samples);

        var bins = extractor.NumBins;
        actual.Length.Should().Be(frames * bins, "frame count must match torchaudio's");
        var worst = 0.0;
        var worstAt = "";
        for (var t = 0; t < frames; t++)
        {
            var row = expected.AsSpan(t * bins, bins);
            var floor = preset.StartsWith("kaldi", StringComparison.Ordinal)
                ? MaxOf(row) - KaldiDynamicRange
                : double.NegativeInfinity;
            for (var b = 0; b < bins; b++)
            {
                if (row[b] < floor)
                {
                    continue;
                }

                var diff = Math.Abs(actual[(t * bins) + b] - row[b]);
                if (diff > worst)
                {
                    worst = diff;
                    worstAt = $"frame {t} bin {b}: expected {row[b]}, got {actual[(t * bins) + b]}";
                }
            }
        }

        worst.Should().BeLessThanOrEqualTo(Tolerance, worstAt);
    }

    private static float MaxOf(ReadOnlySpan<float> row)
    {
        var max = float.NegativeInfinity;
        foreach (var v in row)
        {
            max = Math.Max(max, v);
        }

        return max;
    }
}
