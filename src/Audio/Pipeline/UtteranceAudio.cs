using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>
/// Reads the audio of one utterance of a data dir as mono samples in [-1, 1) at a target rate: the wav.scp entry
/// (file or, when <see cref="AudioReadOptions.AllowPipes"/>, pipe), cut to its segment where the data dir has segments,
/// one channel picked or mixed. Keeps the last recording read, so consecutive segments of one recording decode it
/// once. Not thread-safe.
/// </summary>
public sealed class UtteranceAudio(KaldiDataDir dir, ChannelSelection channel, AudioReadOptions options)
{
    readonly int _sampleRate = options.TargetSampleRate
        ?? throw new ArgumentException("UtteranceAudio needs AudioReadOptions.TargetSampleRate", nameof(options));
    string? _cachedRecording;
    float[]? _cachedSamples;

    /// <summary>The wav.scp entry (file or command) an utterance's audio comes from.</summary>
    public string SourceOf(string utt) => dir.WavScp[dir.HasSegments ? dir.Segments[utt].Recording : utt];

    public float[] Read(string utt)
    {
        if (!dir.HasSegments) return ReadRecording(utt);
        var seg = dir.Segments[utt];
        float[] whole = ReadRecording(seg.Recording);
        long start = (long)Math.Round(seg.Start * _sampleRate);
        long end = seg.ToEndOfRecording ? whole.Length : Math.Min(whole.Length, (long)Math.Round(seg.End * _sampleRate));
        if (start >= whole.Length)
            throw new AudioFormatException(dir.WavScp[seg.Recording],
                $"segment {utt} starts at {seg.Start:F2} s, after the end of the recording ({whole.Length / (double)_sampleRate:F2} s)");
        return whole[(int)start..(int)end];
    }

    float[] ReadRecording(string recording)
    {
        if (recording == _cachedRecording) return _cachedSamples!;
        var audio = AudioReader.ReadWavScpEntry(dir.WavScp[recording], options.AllowPipes, options);
        _cachedSamples = audio.ToMono(channel);
        _cachedRecording = recording;
        return _cachedSamples;
    }
}
