using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Vocoder;

/// <summary>
/// Triangular mel filter bank with the formulas of torchaudio's <c>melscale_fbanks</c> (HTK or Slaney scale,
/// optional Slaney area norm). Shape [FrequencyBins, NMels]: mel = fb^T · |STFT|^power.
/// </summary>
public static class MelFilterBank
{
    private const double SlaneyLinearStep = 200.0 / 3.0;   // Hz per mel below 1 kHz
    private const double SlaneyBreakHz = 1000.0;
    private static readonly double SlaneyLogStep = Math.Log(6.4) / 27.0;

    public static double HzToMel(double hz, MelSpecScale scale)
    {
        if (scale == MelSpecScale.Htk) return 2595.0 * Math.Log10(1.0 + (hz / 700.0));
        var mel = hz / SlaneyLinearStep;
        return hz >= SlaneyBreakHz
            ? (SlaneyBreakHz / SlaneyLinearStep) + (Math.Log(hz / SlaneyBreakHz) / SlaneyLogStep)
            : mel;
    }

    public static double MelToHz(double mel, MelSpecScale scale)
    {
        if (scale == MelSpecScale.Htk) return 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);
        var breakMel = SlaneyBreakHz / SlaneyLinearStep;
        return mel >= breakMel
            ? SlaneyBreakHz * Math.Exp(SlaneyLogStep * (mel - breakMel))
            : SlaneyLinearStep * mel;
    }

    /// <summary>The filter bank as a [FrequencyBins, NMels] array of doubles.</summary>
    public static double[,] Build(MelSpec spec)
    {
        spec.Validate();
        int nFreqs = spec.FrequencyBins, nMels = spec.NMels;
        // Like torchaudio: bin centres spread evenly over 0 .. sample_rate // 2.
        var nyquist = (double)(spec.SampleRate / 2);
        var melMin = HzToMel(spec.FMin, spec.Scale);
        var melMax = HzToMel(spec.EffectiveFMax, spec.Scale);
        var edges = new double[nMels + 2];
        for (var i = 0; i < edges.Length; i++)
            edges[i] = MelToHz(melMin + ((melMax - melMin) * i / (nMels + 1)), spec.Scale);

        var fb = new double[nFreqs, nMels];
        for (var k = 0; k < nFreqs; k++)
        {
            var f = nFreqs == 1 ? 0.0 : nyquist * k / (nFreqs - 1);
            for (var m = 0; m < nMels; m++)
            {
                var down = (f - edges[m]) / (edges[m + 1] - edges[m]);
                var up = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
                var w = Math.Max(0.0, Math.Min(down, up));
                if (spec.Norm == MelSpecNorm.Slaney) w *= 2.0 / (edges[m + 2] - edges[m]);
                fb[k, m] = w;
            }
        }
        return fb;
    }

    /// <summary>The filter bank as a float32 tensor [FrequencyBins, NMels] on <paramref name="device"/>.</summary>
    public static Tensor BuildTensor(MelSpec spec, Device? device = null)
    {
        var fb = Build(spec);
        using var d = tensor(fb, dtype: ScalarType.Float64);
        return d.to(ScalarType.Float32, device ?? CPU);
    }
}
