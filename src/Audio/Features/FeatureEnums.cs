namespace SpeechDisentangle.Audio.Features;

/// <summary>Analysis window applied to each frame.</summary>
public enum WindowType
{
    /// <summary>Kaldi's default: a symmetric Hann window raised to the power 0.85.</summary>
    Povey,

    /// <summary>Hann (raised cosine), 0.5 - 0.5 cos.</summary>
    Hann,

    /// <summary>Hamming, 0.54 - 0.46 cos.</summary>
    Hamming,
}

/// <summary>How frequencies map to mels and where the triangles are built.</summary>
public enum MelScale
{
    /// <summary>Kaldi: mel = 1127 ln(1 + f/700); triangles are linear in mel, laid out over the FFT bins (Nyquist bin gets weight 0).</summary>
    Kaldi,

    /// <summary>HTK: mel = 2595 log10(1 + f/700); triangles linear in Hz (torchaudio melscale_fbanks).</summary>
    Htk,

    /// <summary>Slaney (librosa default): linear below 1 kHz, logarithmic above; triangles linear in Hz.</summary>
    Slaney,
}

/// <summary>Normalisation of the mel filters.</summary>
public enum MelNorm
{
    /// <summary>Triangles peak at 1.</summary>
    None,

    /// <summary>Each triangle scaled by 2 / (upper Hz - lower Hz) so filters have roughly constant energy.</summary>
    Slaney,
}

/// <summary>How the logarithm is kept away from zero.</summary>
public enum LogGuard
{
    /// <summary>ln(max(x, epsilon)) as Kaldi does.</summary>
    Floor,

    /// <summary>ln(x + epsilon), the usual torchaudio/librosa recipe.</summary>
    Offset,
}
