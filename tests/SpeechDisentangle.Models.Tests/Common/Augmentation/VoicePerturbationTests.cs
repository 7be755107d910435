using SpeechDisentangle.Models.Common.Augmentation;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Tests.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Common.Augmentation;

[Collection("torch")]
public sealed class VoicePerturbationTests
{
    public VoicePerturbationTests() => TorchTestSetup.Init();

    /// <summary>[1, M, T]: a smooth bump (an envelope with one formant) at band <paramref name="centre"/>, the same in every frame.</summary>
    static Tensor Bump(int bins, double centre, double width, int frames = 3) =>
        exp(-((arange(bins, dtype: ScalarType.Float32) - centre) / width).pow(2)).reshape(1, bins, 1).repeat(1, 1, frames);

    static int PeakBand(Tensor mel) => (int)mel[0, .., 0].argmax().item<long>();

    [Fact]
    public void Apply_NoChange_ReturnsTheInput()
    {
        using var mel = randn(3, 40, 5);
        using var result = VoicePerturbation.Apply(mel, ones(3), ones(3), zeros(3));
        result.allclose(mel, rtol: 0, atol: 1e-5).Should().BeTrue("envelope + fine structure is the whole frame");
    }

    [Fact]
    public void EnvelopeProjection_IsASymmetricProjectionThatKeepsAConstantSpectrum()
    {
        using var p = VoicePerturbation.EnvelopeProjection(40, ScalarType.Float64, CPU);
        p.matmul(p).allclose(p, rtol: 0, atol: 1e-10).Should().BeTrue();
        p.allclose(p.t(), rtol: 0, atol: 1e-12).Should().BeTrue();
        using var flat = full(40, 3.0, dtype: ScalarType.Float64);
        p.matmul(flat).allclose(flat, rtol: 0, atol: 1e-10).Should().BeTrue();
        // A ripple of period 4 bands (harmonics) is almost all fine structure.
        using var ripple = cos(arange(40, dtype: ScalarType.Float64) * (Math.PI / 2));
        (p.matmul(ripple).norm().item<double>() / ripple.norm().item<double>()).Should().BeLessThan(0.2);
    }

    [Fact]
    public void Apply_FormantFactor_MovesASmoothFormantAndPitchFactorHardlyDoes()
    {
        using var mel = Bump(80, centre: 30, width: 8);
        using var formant = VoicePerturbation.Apply(mel, tensor(new[] { 1.25f }), ones(1), zeros(1));
        using var pitch = VoicePerturbation.Apply(mel, ones(1), tensor(new[] { 1.25f }), zeros(1));
        PeakBand(formant).Should().BeInRange(23, 25, "out[m] = envelope[1.25 m], so a peak at 30 moves to 24");
        (pitch - mel).abs().max().item<float>().Should().BeLessThan(0.1f, "a smooth bump has almost no fine structure to warp");
    }

    [Fact]
    public void Apply_PitchFactor_MovesTheHarmonicRippleAndKeepsTheEnvelope()
    {
        // Envelope bump plus a fast ripple (harmonics every 4 bands).
        using var envelope = Bump(80, centre: 40, width: 15);
        using var ripple = (0.3 * cos(arange(80, dtype: ScalarType.Float32) * (Math.PI / 2))).reshape(1, 80, 1).repeat(1, 1, 3);
        using var mel = envelope + ripple;
        using var result = VoicePerturbation.Apply(mel, ones(1), tensor(new[] { 0.5f }), zeros(1));
        using var projection = VoicePerturbation.EnvelopeProjection(80, ScalarType.Float32, CPU);
        using var keptEnvelope = projection.matmul(result);
        using var originalEnvelope = projection.matmul(mel);
        (keptEnvelope - originalEnvelope).abs().max().item<float>().Should().BeLessThan(0.05f);
        // Factor 0.5 stretches the ripple to a period of 8 bands: bands 8 apart now agree, bands 4 apart do not.
        var fine = (result - keptEnvelope)[0, .., 0];
        (fine.narrow(0, 8, 48) - fine.narrow(0, 16, 48)).abs().mean().item<float>().Should().BeLessThan(0.05f);
        (fine.narrow(0, 8, 48) + fine.narrow(0, 12, 48)).abs().mean().item<float>().Should().BeLessThan(0.05f);
    }

    [Fact]
    public void Apply_Tilt_AddsALineFromMinusHalfToPlusHalfTheRise()
    {
        using var mel = randn(2, 20, 4);
        using var result = VoicePerturbation.Apply(mel, ones(2), ones(2), tensor(new[] { 10f, -6f }));
        using var added = result - mel;
        double nats = Math.Log(10) / 10;
        added[0, 0, 0].item<float>().Should().BeApproximately((float)(-5 * nats), 1e-4f);
        added[0, 19, 3].item<float>().Should().BeApproximately((float)(5 * nats), 1e-4f);
        added[1, 19, 1].item<float>().Should().BeApproximately((float)(-3 * nats), 1e-4f);
    }

    [Fact]
    public void ForSpeakers_OneVoicePerSpeakerInTheBatch()
    {
        using var row = randn(1, 40, 6);
        using var mel = row.repeat(4, 1, 1);
        using var speakers = tensor(new long[] { 2, 5, 2, 5 });
        var options = new VoicePerturbationOptions { Formant = 0.2, Pitch = 0.2, TiltDb = 6 };
        using var result = VoicePerturbation.ForSpeakers(mel, speakers, 8, options, manual_seed(1));
        result[0].allclose(result[2], rtol: 0, atol: 0).Should().BeTrue("two utterances of one speaker get the same new voice");
        result[0].allclose(result[1], rtol: 0, atol: 1e-3).Should().BeFalse("two speakers get two voices");
        using var again = VoicePerturbation.ForSpeakers(mel, speakers, 8, options, manual_seed(1));
        again.allclose(result, rtol: 0, atol: 0).Should().BeTrue();
        using var none = VoicePerturbation.ForSpeakers(mel, speakers, 8, options with { Probability = 0 }, manual_seed(1));
        none.allclose(mel, rtol: 0, atol: 1e-5).Should().BeTrue();
    }

    [Fact]
    public void Options_OutOfRange_NameEachSetting()
    {
        var options = new VoicePerturbationOptions { Formant = 0.6, Pitch = -0.1, TiltDb = 50, Probability = 2 };
        options.Errors().Should().HaveCount(4);
        var act = () => options.Validate();
        act.Should().Throw<ArgumentException>().WithMessage("*formant*pitch*tilt_db*probability*");
        new VoicePerturbationOptions().Enabled.Should().BeFalse();
    }
}
