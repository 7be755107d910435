using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Tests.Features;

public class MelFilterBankTests
{
    [Fact]
    public void CreateKaldi_16k512_NyquistUnusedAndPeaksBelowOne()
    {
        var bank = MelFilterBank.CreateKaldi(80, 512, 16000, 20, 8000);
        var dense = bank.ToDense();

        bank.NumBins.Should().Be(80);
        bank.NumFrequencies.Should().Be(257);
        for (var b = 0; b < 80; b++)
        {
            dense[b, 256].Should().Be(0);
            bank.WeightsOf(b).ToArray().Max().Should().BeInRange(0.3, 1.0);
            bank.WeightsOf(b).ToArray().Min().Should().BeGreaterThanOrEqualTo(0);
        }

        // Centres rise with the bin index.
        for (var b = 1; b < 80; b++)
        {
            bank.OffsetOf(b).Should().BeGreaterThanOrEqualTo(bank.OffsetOf(b - 1));
        }
    }

    [Fact]
    public void CreateTorchaudio_SlaneyNorm_ScalesByTwoOverBandwidth()
    {
        var plain = MelFilterBank.CreateTorchaudio(40, 257, 16000, 0, 8000, MelScale.Slaney, MelNorm.None).ToDense();
        var normed = MelFilterBank.CreateTorchaudio(40, 257, 16000, 0, 8000, MelScale.Slaney, MelNorm.Slaney).ToDense();
        var lowerHz = MelScales.MelToHz(MelScales.HzToMel(8000, MelScale.Slaney) * 9 / 41, MelScale.Slaney);
        var upperHz = MelScales.MelToHz(MelScales.HzToMel(8000, MelScale.Slaney) * 11 / 41, MelScale.Slaney);
        var expectedGain = 2.0 / (upperHz - lowerHz);

        for (var k = 0; k < 257; k++)
        {
            normed[9, k].Should().BeApproximately(plain[9, k] * expectedGain, 1e-12);
        }
    }

    [Fact]
    public void Apply_SparseWeights_EqualsDenseProduct()
    {
        var bank = MelFilterBank.Create(LogMelOptions.Htk(22050, 64));
        var dense = bank.ToDense();
        var random = new Random(3);
        var spectrum = Enumerable.Range(0, bank.NumFrequencies).Select(_ => random.NextDouble()).ToArray();
        var mel = new double[bank.NumBins];

        bank.Apply(spectrum, mel);

        for (var b = 0; b < bank.NumBins; b++)
        {
            var expected = 0.0;
            for (var k = 0; k < bank.NumFrequencies; k++)
            {
                expected += dense[b, k] * spectrum[k];
            }

            mel[b].Should().BeApproximately(expected, 1e-12);
        }
    }

    [Fact]
    public void ApplyLanes_EightSpectra_EachLaneMatchesDoubleApply()
    {
        const int Lanes = LaneTranspose.Lanes;
        var bank = MelFilterBank.Create(LogMelOptions.Kaldi());
        var random = new Random(4);
        var spectra = Enumerable.Range(0, bank.NumFrequencies * Lanes).Select(_ => (float)random.NextDouble()).ToArray();
        var mel = new float[bank.NumBins * Lanes];

        bank.ApplyLanes(spectra, mel);

        var expected = new double[bank.NumBins];
        for (var lane = 0; lane < Lanes; lane++)
        {
            var spectrum = Enumerable.Range(0, bank.NumFrequencies).Select(k => (double)spectra[(k * Lanes) + lane]).ToArray();
            bank.Apply(spectrum, expected);
            for (var b = 0; b < bank.NumBins; b++)
            {
                mel[(b * Lanes) + lane].Should().BeApproximately((float)expected[b], (float)(1e-5 * expected[b]), $"bin {b}, lane {lane}");
            }
        }
    }

    [Fact]
    public void Apply_ShortSpectrum_ThrowsNamingSizes()
    {
        var bank = MelFilterBank.Create(LogMelOptions.Kaldi());

        var act = () => bank.Apply(new double[10], new double[80]);

        act.Should().Throw<ArgumentException>().WithMessage("*10*257*");
    }

    [Fact]
    public void EmptyFilters_TooManyBinsForTheFft_CountsTheDeadOnes()
    {
        // torchaudio warns for n_mels=128 with n_fft=400: the lowest filters are narrower than the 40 Hz bin spacing.
        MelFilterBank.Create(LogMelOptions.Htk(16000, 80)).EmptyFilters.Should().Be(0);
        var dense = MelFilterBank.Create(LogMelOptions.Htk(16000, 128));

        dense.EmptyFilters.Should().BeGreaterThan(0);
        Enumerable.Range(0, dense.NumBins).Count(b => dense.WeightsOf(b).IsEmpty).Should().Be(dense.EmptyFilters);
    }
}
