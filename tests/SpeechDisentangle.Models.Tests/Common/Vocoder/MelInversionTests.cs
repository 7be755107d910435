using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.Tests.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Common.Vocoder;

[Collection("torch")]
public class MelInversionTests
{
    public MelInversionTests() => TorchTestSetup.Init();

    public static TheoryData<string> Scales => ["slaney", "htk"];

    private static MelSpec SpecFor(string scale) => new()
    {
        SampleRate = 16000, NFft = 400, WinLength = 400, HopLength = 160, NMels = 80, FMin = 0, FMax = 8000,
        Scale = scale == "htk" ? MelSpecScale.Htk : MelSpecScale.Slaney, Power = 2.0,
    };

    /// <summary>The least-squares updates written with the dense filter bank: x ← x · (fb mel) / (fb fbᵀ x).</summary>
    private static Tensor DenseReference(MelSpec spec, Tensor logMel, int iterations)
    {
        using var scope = NewDisposeScope();
        var fb = MelFilterBank.BuildTensor(spec);
        var mel = TorchLogMel.FromLog(logMel, spec);
        var x = matmul(linalg.pinv(fb.t().to(ScalarType.Float64)).to(ScalarType.Float32), mel).clamp_min(0.0);
        x = x + (x.mean([-2], keepdim: true) * 1e-3) + 1e-12;
        for (int i = 0; i < iterations; i++) x = x * matmul(fb, mel) / (matmul(fb, matmul(fb.t(), x)) + 1e-12);
        return x.pow(1.0 / spec.Power).MoveToOuterDisposeScope();
    }

    /// <summary>Log-mels of random non-negative spectra, so that an exact non-negative solution exists.</summary>
    private static Tensor LogMelOfRandomSpectra(MelSpec spec, int seed, params long[] leading)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var fb = MelFilterBank.BuildTensor(spec);
        var power = rand([.. leading, spec.FrequencyBins, 7], generator: generator).pow(2);
        var mel = matmul(fb.t(), power);
        return mel.clamp_min(1e-10).log().MoveToOuterDisposeScope();
    }

    public static TheoryData<string, long[]> ScalesAndShapes => new()
    {
        { "slaney", [] }, { "slaney", [3] }, { "slaney", [2, 3] }, { "htk", [3] },
    };

    [Theory]
    [MemberData(nameof(ScalesAndShapes))]
    public void LinearMagnitude_SparseUpdates_EqualTheDenseFilterBanksUpdates(string scale, long[] leading)
    {
        var spec = SpecFor(scale);
        using var inversion = new MelInversion(spec);
        using var logMel = LogMelOfRandomSpectra(spec, 1, leading);
        using var expected = DenseReference(spec, logMel, 30);
        using var actual = inversion.LinearMagnitude(logMel, 30);

        actual.shape.Should().Equal([.. leading, spec.FrequencyBins, 7]);
        double relative = (actual - expected).abs().max().item<float>() / expected.abs().max().item<float>();
        relative.Should().BeLessThan(1e-4);
    }

    [Fact]
    public void LinearMagnitude_Batched_EqualsEachItemAlone()
    {
        var spec = SpecFor("slaney");
        using var inversion = new MelInversion(spec);
        using var logMel = LogMelOfRandomSpectra(spec, 2, 2, 3);
        using var batched = inversion.LinearMagnitude(logMel, 30);

        batched.shape.Should().Equal(2, 3, spec.FrequencyBins, 7);
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 3; b++)
            {
                using var alone = inversion.LinearMagnitude(logMel[a, b], 30);
                double relative = (batched[a, b] - alone).abs().max().item<float>() / alone.abs().max().item<float>();
                relative.Should().BeLessThan(1e-5, "each item's updates are its own columns");
            }
    }

    [Fact]
    public void FitToMel_MovesTheMagnitudesMelTowardsTheTarget_AndKeepsItNonNegative()
    {
        var spec = SpecFor("slaney");
        using var inversion = new MelInversion(spec);
        using var fb = MelFilterBank.BuildTensor(spec);
        using var logMel = LogMelOfRandomSpectra(spec, 3, 2);
        using var target = TorchLogMel.FromLog(logMel, spec);
        using var generator = new Generator(4);
        using var start = rand([2, spec.FrequencyBins, 7], generator: generator);

        double MelError(Tensor magnitude)
        {
            using var mel = matmul(fb.t(), magnitude.pow(spec.Power));
            return (mel - target).norm().item<float>() / target.norm().item<float>();
        }

        using var fitted = inversion.FitToMel(start, logMel, 30);
        fitted.shape.Should().Equal(2, spec.FrequencyBins, 7);
        fitted.min().item<float>().Should().BeGreaterThanOrEqualTo(0f);
        MelError(fitted).Should().BeLessThan(0.2 * MelError(start));
    }

    [Fact]
    public void FitToMel_LeadingDimensionsThatDiffer_AreRefused()
    {
        var spec = SpecFor("slaney");
        using var inversion = new MelInversion(spec);
        using var logMel = LogMelOfRandomSpectra(spec, 5, 1);
        using var magnitude = ones(2, spec.FrequencyBins, 7);

        var act = () => inversion.FitToMel(magnitude, logMel, 5);

        act.Should().Throw<ArgumentException>().WithMessage("*same leading dimensions*");
    }
}
