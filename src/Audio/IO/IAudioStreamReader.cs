namespace SpeechDisentangle.Audio.IO;

/// <summary>
/// Reads decoded audio a block at a time, so long recordings are processed in bounded memory.
/// Samples are interleaved (frame-major) in [-1, 1); open one with <see cref="AudioReader.Open"/>.
/// </summary>
public interface IAudioStreamReader : IDisposable
{
    /// <summary>The file path or pipe command being read (used in error messages).</summary>
    string SourcePath { get; }

    /// <summary>Samples per second.</summary>
    int SampleRate { get; }

    /// <summary>Channels per frame.</summary>
    int ChannelCount { get; }

    /// <summary>Total frames if the header states them (null for a streamed WAV of unknown length).</summary>
    long? TotalFrames { get; }

    /// <summary>
    /// Fills <paramref name="interleaved"/> with up to <c>interleaved.Length / ChannelCount</c> frames and returns how
    /// many frames were written; 0 means end of audio.
    /// </summary>
    int ReadFrames(Span<float> interleaved);
}
