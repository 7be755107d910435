namespace SpeechDisentangle.Audio.Features;

/// <summary>
/// Frame counts and edge padding of the three framing modes. With centre padding the frames are torch.stft's:
/// the signal is reflect-padded by n_fft / 2, frame t spans n_fft samples from t * shift, and the window sits
/// (n_fft - L) / 2 samples into it. Only the L windowed samples are read: the zeros around them change the FFT's
/// phase, not its power.
/// </summary>
internal static class Framing
{
    /// <summary>Samples of padding before the signal (frame t starts at padded index t * shift).</summary>
    public static int LeftPad(LogMelOptions o) =>
        o.Center ? (o.FftLength / 2) - ((o.FftLength - o.FrameLength) / 2)
        : o.SnipEdges ? 0 : (o.FrameLength / 2) - (o.FrameShift / 2);

    /// <summary>
    /// Fewest samples that give a frame: snip_edges needs a whole frame; torch's reflect padding of n_fft/2 needs
    /// more than n_fft/2 samples; Kaldi's mirrored edges need (n + S/2) / S >= 1.
    /// </summary>
    public static int MinimumSamples(LogMelOptions o) =>
        o.Center ? (o.FftLength / 2) + 1 : o.SnipEdges ? o.FrameLength : Math.Max(1, o.FrameShift - (o.FrameShift / 2));

    /// <summary>
    /// snip_edges: 1 + (N - L) / S frames that fit; Kaldi's no-snip: (N + S/2) / S; center (torch.stft):
    /// 1 + (N + 2 (n_fft/2) - n_fft) / S.
    /// </summary>
    public static long FrameCount(LogMelOptions o, long n)
    {
        long length = o.FrameLength, shift = o.FrameShift;
        if (n <= 0)
        {
            return 0;
        }

        if (o.Center)
        {
            long fft = o.FftLength;
            return 1 + ((n + (2 * (fft / 2)) - fft) / shift);
        }

        if (o.SnipEdges)
        {
            return n < length ? 0 : 1 + ((n - length) / shift);
        }

        return (n + (shift / 2)) / shift;
    }

    /// <summary>Raw sample index that padded position <paramref name="index"/> (relative to the signal start) mirrors.</summary>
    public static long Reflect(LogMelOptions o, long index, long n)
    {
        // torch 'reflect' excludes the edge sample (-1 -> 1); Kaldi mirrors including it (-1 -> 0).
        var edge = o.Center ? 0 : 1;
        while (index < 0 || index >= n)
        {
            index = index < 0 ? -index - edge : (2 * n) - 2 + edge - index;
        }

        return index;
    }
}
