using SpeechDisentangle.Models.Common.Augmentation;
using SpeechDisentangle.Models.Tests.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Common.Augmentation;

[Collection("torch")]
public sealed class MelAxisWarpTests
{
    public MelAxisWarpTests() => TorchTestSetup.Init();

    [Fact]
    public void Apply_FactorOne_ReturnsTheInput()
    {
        using var mel = randn(2, 6, 4);
        using var factors = ones(2);
        using var warped = MelAxisWarp.Apply(mel, factors);
        warped.allclose(mel, atol: 1e-6).Should().BeTrue();
    }

    [Fact]
    public void Apply_FactorsPerExample_InterpolateBandsAndRepeatTheTop()
    {
        // Band m holds the value m, so the warped value is the (clamped) source position m · α.
        using var mel = arange(5, dtype: ScalarType.Float32).reshape(1, 5, 1).repeat(2, 1, 3);
        using var factors = tensor(new[] { 2f, 0.5f });
        using var warped = MelAxisWarp.Apply(mel, factors);
        warped[0, .., 0].data<float>().ToArray().Should().Equal(0f, 2f, 4f, 4f, 4f);
        warped[1, .., 2].data<float>().ToArray().Should().Equal(0f, 0.5f, 1f, 1.5f, 2f);
    }

    [Fact]
    public void Random_SameGenerator_SameWarpWithinTheRange()
    {
        using var mel = arange(40, dtype: ScalarType.Float32).reshape(1, 40, 1).repeat(8, 1, 2);
        using var a = MelAxisWarp.Random(mel, 0.2, manual_seed(3));
        using var b = MelAxisWarp.Random(mel, 0.2, manual_seed(3));
        a.allclose(b, rtol: 0, atol: 0).Should().BeTrue();
        // Band 10 reads from 10 · α with α in [0.8, 1.2].
        a[.., 10, 0].min().item<float>().Should().BeGreaterThanOrEqualTo(8f);
        a[.., 10, 0].max().item<float>().Should().BeLessThanOrEqualTo(12f);
        a.allclose(mel, rtol: 0, atol: 0).Should().BeFalse();
    }
}
