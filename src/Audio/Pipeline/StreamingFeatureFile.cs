using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>
/// Log-mel features of one audio file of any length in bounded memory: the audio is read, resampled and analysed a
/// block at a time and the frames are appended to a .npy file as they come (peak memory does not grow with length).
/// </summary>
public static class StreamingFeatureFile
{
    /// <param name="readOptions">How the audio is read (pipes, truncated files); its scale and rate are not used.</param>
    /// <returns>The number of frames written.</returns>
    /// <exception cref="AudioFormatException">The audio cannot be read, holds NaN or infinite samples, or is shorter than one frame.</exception>
    public static long Compute(string audioPath, string npyPath, LogMelOptions logMel, ChannelSelection channel,
        int blockFrames = 1 << 15, AudioReadOptions? readOptions = null)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        logMel.Validate();
        IAudioStreamReader reader = AudioReader.Open(audioPath, readOptions);
        try
        {
            if (reader.SampleRate != logMel.SampleRate) reader = new ResamplingStreamReader(reader, logMel.SampleRate);
            int channels = reader.ChannelCount;
            if (channel.ChannelIndex is int c && c >= channels)
                throw new AudioFormatException(audioPath, $"has {channels} channel(s); channel {c} was asked for");
            var extractor = new LogMelExtractor(logMel);
            var stream = extractor.OpenStream();
            var interleaved = new float[blockFrames * channels];
            var mono = new float[blockFrames];
            var frames = new float[(stream.FramesReadyAfter(blockFrames) + 2) * extractor.NumBins];
            using var writer = new NpyStreamWriter(npyPath, extractor.NumBins);
            int got;
            while ((got = reader.ReadFrames(interleaved)) > 0)
            {
                ToMono(interleaved.AsSpan(0, got * channels), channels, channel, mono);
                int needed = stream.FramesReadyAfter(got) * extractor.NumBins;
                if (needed > frames.Length) frames = new float[needed];
                int n = stream.Push(mono.AsSpan(0, got), frames);
                writer.Append(frames.AsSpan(0, n * extractor.NumBins));
            }
            if (stream.SamplesReceived == 0) throw new AudioFormatException(audioPath, "the file holds no audio samples");
            int tail = stream.FramesAtFinish;
            if (tail * extractor.NumBins > frames.Length) frames = new float[tail * extractor.NumBins];
            int last;
            try
            {
                last = stream.Finish(frames);
            }
            catch (AudioTooShortException e)
            {
                throw new AudioFormatException(audioPath, e.Message, null, e);
            }
            writer.Append(frames.AsSpan(0, last * extractor.NumBins));
            writer.Complete();
            return writer.Rows;
        }
        finally
        {
            reader.Dispose();
        }
    }

    static void ToMono(ReadOnlySpan<float> interleaved, int channels, ChannelSelection channel, Span<float> mono)
    {
        int frames = interleaved.Length / channels;
        if (channel.IsMean)
        {
            for (int i = 0; i < frames; i++)
            {
                float sum = 0;
                for (int c = 0; c < channels; c++) sum += interleaved[i * channels + c];
                mono[i] = sum / channels;
            }
        }
        else
        {
            int index = channel.ChannelIndex ?? 0;
            for (int i = 0; i < frames; i++) mono[i] = interleaved[i * channels + index];
        }
    }
}
