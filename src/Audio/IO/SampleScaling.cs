namespace SpeechDisentangle.Audio.IO;

/// <summary>The numeric range decoded samples are delivered in.</summary>
public enum SampleScale
{
    /// <summary>Floats in [-1, 1): int16 sample s becomes s / 32768 (torchaudio/librosa convention).</summary>
    Unit,

    /// <summary>The int16 range: unit samples times 32768 (Kaldi's convention, whatever the file's bit depth).</summary>
    Int16,
}

/// <summary>Helpers between the unit and int16 sample ranges.</summary>
public static class SampleScaling
{
    /// <summary>32768: unit-range sample times this is the int16-range sample.</summary>
    public const float Int16Factor = 32768f;

    /// <summary>Multiplies every sample in place by 32768.</summary>
    public static void ToInt16Scale(Span<float> samples)
    {
        for (int i = 0; i < samples.Length; i++) samples[i] *= Int16Factor;
    }
}
