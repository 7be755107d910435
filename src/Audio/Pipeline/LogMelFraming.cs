namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>
/// Framing overrides of a preset, as `sdt features` takes them: window and hop in samples (torchaudio's win_length,
/// hop_length) or milliseconds, and the FFT length (n_fft). Null keeps the preset's value.
/// </summary>
public sealed record LogMelFraming
{
    /// <summary>FFT length; the window is zero-padded to it (htk and slaney presets).</summary>
    public int? NFft { get; init; }

    /// <summary>Window length in samples.</summary>
    public int? WinLength { get; init; }

    /// <summary>Hop in samples.</summary>
    public int? HopLength { get; init; }

    /// <summary>Window length in milliseconds.</summary>
    public double? FrameLengthMs { get; init; }

    /// <summary>Hop in milliseconds.</summary>
    public double? FrameShiftMs { get; init; }

    /// <summary>No override given.</summary>
    public static LogMelFraming None { get; } = new();
}
