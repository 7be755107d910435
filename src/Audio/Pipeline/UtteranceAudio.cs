using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>
/// Reads the audio of one utterance of a data dir as mono samples in [-1, 1) at a target rate: the wav.scp entry
/// (file or, when allowed, pipe), cut to its segment where the data dir has segments, one channel picked or mixed.
/// Keeps the last recording read, so consecutive segments of one recording decode it once. Not thread-safe.
/// </summary>
public sealed class UtteranceAudio(KaldiDataDir dir, int sampleRate, ChannelSelection channel, bool allowPipes)
{
    string? _cachedRecording;
    float[]? _cachedSamples;

    public float[] Read(string utt)
    {
        if (!dir.HasSegments) return ReadRecording(utt);
        var seg = dir.Segments[utt];
        float[] whole = ReadRecording(seg.Recording);
        long start = (long)Math.Round(seg.Start * sampleRate);
        long end = seg.ToEndOfRecording ? whole.Length : Math.Min(whole.Length, (long)Math.Round(seg.End * sampleRate));
        if (start >= whole.Length)
            throw new AudioFormatException(dir.WavScp[seg.Recording],
                $"segment {utt} starts at {seg.Start:F2} s, after the end of the recording ({whole.Length / (double)sampleRate:F2} s)");
        return whole[(int)start..(int)end];
    }

    float[] ReadRecording(string recording)
    {
        if (recording == _cachedRecording) return _cachedSamples!;
        var options = AudioReadOptions.Default with { TargetSampleRate = sampleRate };
        var audio = AudioReader.ReadWavScpEntry(dir.WavScp[recording], allowPipes, options);
        _cachedSamples = audio.ToMono(channel);
        _cachedRecording = recording;
        return _cachedSamples;
    }
}
