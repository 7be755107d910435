using FrontEndBank = SpeechDisentangle.Audio.Features.MelFilterBank;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Vocoder;

/// <summary>
/// The vocoder's view of the front end's mel filter bank (torchaudio <c>melscale_fbanks</c> formulas, HTK or Slaney
/// scale, optional Slaney area norm), transposed to [FrequencyBins, NMels] so that mel = fb^T · |STFT|^power.
/// The triangles themselves are built once, by <see cref="FrontEndBank.CreateTorchaudio"/>, so analysis and
/// inversion can never disagree.
/// </summary>
public static class MelFilterBank
{
    public static double HzToMel(double hz, MelSpecScale scale) => MelScales.HzToMel(hz, ToFrontEnd(scale));

    public static double MelToHz(double mel, MelSpecScale scale) => MelScales.MelToHz(mel, ToFrontEnd(scale));

    /// <summary>The filter bank as a [FrequencyBins, NMels] array of doubles.</summary>
    public static double[,] Build(MelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var bank = FrontEndBank.CreateTorchaudio(spec.NMels, spec.FrequencyBins, spec.SampleRate, spec.FMin, spec.EffectiveFMax,
            ToFrontEnd(spec.Scale), spec.Norm == MelSpecNorm.Slaney ? MelNorm.Slaney : MelNorm.None);
        double[,] melByFreq = bank.ToDense();
        var fb = new double[spec.FrequencyBins, spec.NMels];
        for (int m = 0; m < spec.NMels; m++)
            for (int k = 0; k < spec.FrequencyBins; k++) fb[k, m] = melByFreq[m, k];
        return fb;
    }

    /// <summary>The filter bank as a float32 tensor [FrequencyBins, NMels] on <paramref name="device"/>.</summary>
    public static Tensor BuildTensor(MelSpec spec, Device? device = null)
    {
        var fb = Build(spec);
        using var d = tensor(fb, dtype: ScalarType.Float64);
        return d.to(ScalarType.Float32, device ?? CPU);
    }

    static MelScale ToFrontEnd(MelSpecScale scale) => scale == MelSpecScale.Htk ? MelScale.Htk : MelScale.Slaney;
}
