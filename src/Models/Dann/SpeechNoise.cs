using SpeechDisentangle.Models.Common.SpeechData;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// Additive noise for log-mel features that are natural logs of mel power (the kaldi, htk and slaney presets):
/// x' = log(exp(x) + n), with noise power n flat across bins at the utterance's mean power per bin divided by the
/// SNR, times a log-normal fluctuation per frame and bin (a noise periodogram is not constant). Apply before CMVN.
/// </summary>
public static class SpeechNoise
{
    /// <summary>A copy of <paramref name="utterance"/> with noise at <paramref name="snrDb"/> dB drawn from <paramref name="random"/>.</summary>
    public static SpeechUtterance Add(SpeechUtterance utterance, double snrDb, Random random)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        ArgumentNullException.ThrowIfNull(random);
        var x = utterance.Feats;
        if (x.Length == 0) return utterance;
        // Mean power per bin, in a shifted log domain so loud frames do not overflow exp.
        double peak = x.Max();
        double meanPower = x.Average(v => Math.Exp(v - peak));
        double noiseLog = Math.Log(meanPower) + peak - snrDb / 10 * Math.Log(10);
        var noisy = new float[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double n = noiseLog + 0.5 * Gaussian(random);
            // log(exp(a) + exp(b)) without overflow.
            double hi = Math.Max(x[i], n), lo = Math.Min(x[i], n);
            noisy[i] = (float)(hi + Math.Log(1 + Math.Exp(lo - hi)));
        }
        return utterance with { Feats = noisy };
    }

    static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
