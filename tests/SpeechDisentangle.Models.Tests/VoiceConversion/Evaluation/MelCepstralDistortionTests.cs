using SpeechDisentangle.Models.VoiceConversion.Evaluation;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.Evaluation;

public class MelCepstralDistortionTests
{
    internal static double[,] RandomLogMel(int nMels, int frames, int seed)
    {
        var random = new Random(seed);
        var mel = new double[nMels, frames];
        for (var m = 0; m < nMels; m++)
            for (var t = 0; t < frames; t++)
                mel[m, t] = Math.Sin((0.3 * m) + (0.2 * t)) + (0.5 * random.NextDouble());
        return mel;
    }

    internal static double[,] AddNoise(double[,] mel, double level, int seed)
    {
        var random = new Random(seed);
        var noisy = (double[,])mel.Clone();
        for (var m = 0; m < mel.GetLength(0); m++)
            for (var t = 0; t < mel.GetLength(1); t++)
                noisy[m, t] += level * ((2 * random.NextDouble()) - 1);
        return noisy;
    }

    [Fact]
    public void Compute_IdenticalInputs_IsZero()
    {
        var mel = RandomLogMel(40, 30, 1);
        MelCepstralDistortion.Compute(mel, (double[,])mel.Clone()).Should().Be(0);
    }

    [Fact]
    public void Compute_GrowingDistortion_GrowsMcd()
    {
        var mel = RandomLogMel(40, 30, 2);
        var small = MelCepstralDistortion.Compute(mel, AddNoise(mel, 0.1, 3));
        var medium = MelCepstralDistortion.Compute(mel, AddNoise(mel, 0.3, 3));
        var large = MelCepstralDistortion.Compute(mel, AddNoise(mel, 0.9, 3));
        small.Should().BeGreaterThan(0);
        medium.Should().BeGreaterThan(small);
        large.Should().BeGreaterThan(medium);
    }

    [Fact]
    public void Compute_ConstantOffset_IgnoredBecauseC0IsDropped()
    {
        var mel = RandomLogMel(40, 30, 4);
        var louder = (double[,])mel.Clone();
        for (var m = 0; m < 40; m++) for (var t = 0; t < 30; t++) louder[m, t] += 2.0;
        MelCepstralDistortion.Compute(mel, louder).Should().BeApproximately(0, 1e-9);
    }

    [Fact]
    public void Compute_TimeStretchedCopy_AlignedByDtwToZero()
    {
        var mel = RandomLogMel(40, 30, 5);
        var stretched = new double[40, 60];
        for (var m = 0; m < 40; m++) for (var t = 0; t < 60; t++) stretched[m, t] = mel[m, t / 2];
        var shifted = new double[40, 30];
        for (var m = 0; m < 40; m++) for (var t = 0; t < 30; t++) shifted[m, t] = mel[m, (t + 7) % 30];

        MelCepstralDistortion.Compute(mel, stretched).Should().BeApproximately(0, 1e-9);
        MelCepstralDistortion.Compute(mel, shifted).Should().BeGreaterThan(0.5);
    }

    [Fact]
    public void Compute_KnownSingleCoefficientDifference_MatchesFormula()
    {
        // One frame, difference only in cepstral coefficient c1 of size d: MCD = 10/ln10 * sqrt(2) * d.
        const int nMels = 8;
        const double d = 0.5;
        var a = new double[nMels, 1];
        var b = new double[nMels, 1];
        for (var m = 0; m < nMels; m++) b[m, 0] = d * Math.Sqrt(2.0 / nMels) * Math.Cos(Math.PI * (m + 0.5) / nMels);
        MelCepstralDistortion.Compute(a, b).Should().BeApproximately(10 / Math.Log(10) * Math.Sqrt(2) * d, 1e-9);
    }

    [Fact]
    public void Compute_DifferentBandCounts_ThrowsNamingLayout()
    {
        var act = () => MelCepstralDistortion.Compute(new double[40, 5], new double[80, 5]);
        act.Should().Throw<ArgumentException>().WithMessage("*40 vs 80*[NMels, T]*");
    }
}

[Collection("torch")]
public class MelCepstralDistortionTensorTests
{
    [Fact]
    public void Compute_TensorInput_MatchesArrayInput()
    {
        var mel = MelCepstralDistortionTests.RandomLogMel(20, 12, 6);
        var other = MelCepstralDistortionTests.AddNoise(mel, 0.2, 7);
        using var a = tensor(mel);
        using var b = tensor(other);
        MelCepstralDistortion.Compute(a, b).Should().BeApproximately(MelCepstralDistortion.Compute(mel, other), 1e-9);
    }
}
