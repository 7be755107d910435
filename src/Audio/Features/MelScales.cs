namespace SpeechDisentangle.Audio.Features;

/// <summary>Hz &lt;-&gt; mel conversions for the supported scales.</summary>
public static class MelScales
{
    private const double SlaneyLinearStep = 200.0 / 3.0; // Hz per mel below 1 kHz
    private const double SlaneyBreakHz = 1000.0;
    private const double SlaneyBreakMel = SlaneyBreakHz / SlaneyLinearStep; // 15
    private static readonly double SlaneyLogStep = Math.Log(6.4) / 27.0;

    /// <summary>Frequency in Hz to mels.</summary>
    public static double HzToMel(double hz, MelScale scale) => scale switch
    {
        MelScale.Kaldi => 1127.0 * Math.Log(1.0 + (hz / 700.0)),
        MelScale.Htk => 2595.0 * Math.Log10(1.0 + (hz / 700.0)),
        MelScale.Slaney => hz < SlaneyBreakHz
            ? hz / SlaneyLinearStep
            : SlaneyBreakMel + (Math.Log(hz / SlaneyBreakHz) / SlaneyLogStep),
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "Unknown mel scale."),
    };

    /// <summary>Mels to frequency in Hz (inverse of <see cref="HzToMel"/>).</summary>
    public static double MelToHz(double mel, MelScale scale) => scale switch
    {
        MelScale.Kaldi => 700.0 * (Math.Exp(mel / 1127.0) - 1.0),
        MelScale.Htk => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0),
        MelScale.Slaney => mel < SlaneyBreakMel
            ? mel * SlaneyLinearStep
            : SlaneyBreakHz * Math.Exp(SlaneyLogStep * (mel - SlaneyBreakMel)),
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "Unknown mel scale."),
    };
}
