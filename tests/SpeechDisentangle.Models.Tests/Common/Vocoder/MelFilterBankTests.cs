using System.Globalization;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Vocoder;

namespace SpeechDisentangle.Models.Tests.Common.Vocoder;

public class MelFilterBankTests
{
    // Same settings as Fixtures/Vocoder/make_mel_fbanks.py (torchaudio 0.13 melscale_fbanks).
    private static MelSpec Spec(MelSpecScale scale, MelSpecNorm norm) => new()
    {
        SampleRate = 16000, NFft = 256, WinLength = 256, HopLength = 64, NMels = 20, FMin = 50, FMax = 7600,
        Scale = scale, Norm = norm,
    };

    private static double[,] ReadFixture(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Vocoder", name);
        var rows = File.ReadAllLines(path).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var result = new double[rows.Length, rows[0].Length];
        for (var i = 0; i < rows.Length; i++) for (var j = 0; j < rows[i].Length; j++) result[i, j] = rows[i][j];
        return result;
    }

    [Theory]
    [InlineData(MelSpecScale.Htk, MelSpecNorm.None, "fbank_htk_none.csv")]
    [InlineData(MelSpecScale.Slaney, MelSpecNorm.Slaney, "fbank_slaney_slaney.csv")]
    [InlineData(MelSpecScale.Slaney, MelSpecNorm.None, "fbank_slaney_none.csv")]
    [InlineData(MelSpecScale.Htk, MelSpecNorm.Slaney, "fbank_htk_slaney.csv")]
    public void Build_ScaleAndNorm_MatchesTorchaudio(MelSpecScale scale, MelSpecNorm norm, string fixture)
    {
        var expected = ReadFixture(fixture);
        var actual = MelFilterBank.Build(Spec(scale, norm));
        actual.GetLength(0).Should().Be(expected.GetLength(0));
        actual.GetLength(1).Should().Be(expected.GetLength(1));
        var peak = expected.Cast<double>().Max();
        for (var i = 0; i < expected.GetLength(0); i++)
            for (var j = 0; j < expected.GetLength(1); j++)
                actual[i, j].Should().BeApproximately(expected[i, j], 1e-5 * peak, $"bin {i}, band {j}");
    }

    [Theory]
    [InlineData(MelSpecScale.Htk)]
    [InlineData(MelSpecScale.Slaney)]
    public void MelToHz_OfHzToMel_RoundTrips(MelSpecScale scale)
    {
        foreach (var hz in new[] { 0.0, 100, 999, 1000, 1001, 4000, 8000 })
            MelFilterBank.MelToHz(MelFilterBank.HzToMel(hz, scale), scale).Should().BeApproximately(hz, 1e-6);
    }

    [Fact]
    public void HzToMel_Slaney_LinearBelowOneKilohertz()
    {
        MelFilterBank.HzToMel(500, MelSpecScale.Slaney).Should().BeApproximately(7.5, 1e-12);
        MelFilterBank.HzToMel(1000, MelSpecScale.Slaney).Should().BeApproximately(15, 1e-12);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsAllAtOnce()
    {
        var act = new MelSpec { NFft = 512, WinLength = 1024, NMels = 0, FMax = 9000 }.Validate;
        act.Should().Throw<ArgumentException>().WithMessage("*win_length*n_mels*Nyquist*");
    }
}
