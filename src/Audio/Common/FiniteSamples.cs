namespace SpeechDisentangle.Audio.Common;

/// <summary>Finds NaN and infinite samples, which would turn every feature they touch into NaN or infinity.</summary>
public static class FiniteSamples
{
    /// <summary>Index of the first NaN or infinite value, or -1 when all are finite.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> samples)
    {
        for (int i = 0; i < samples.Length; i++)
        {
            if (!float.IsFinite(samples[i])) return i;
        }
        return -1;
    }

    /// <summary>"NaN", "+infinity" or "-infinity".</summary>
    public static string Describe(float value) =>
        float.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity";
}
