namespace SpeechDisentangle.Audio.IO;

/// <summary>
/// Decoded audio: one float array per channel (planar), all of the same length. Samples read by
/// <see cref="AudioReader"/> are in [-1, 1) unless <see cref="AudioReadOptions.Scale"/> asked for the int16 range.
/// </summary>
public sealed class AudioData
{
    readonly float[][] _channels;

    /// <summary>Wraps planar channel arrays (not copied).</summary>
    public AudioData(IReadOnlyList<float[]> channels, int sampleRate, string? sourcePath = null)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        int n = channels[0].Length;
        for (int c = 1; c < channels.Count; c++)
        {
            if (channels[c].Length != n)
                throw new ArgumentException($"channel {c} has {channels[c].Length} samples but channel 0 has {n}", nameof(channels));
        }
        _channels = [.. channels];
        SampleRate = sampleRate;
        SourcePath = sourcePath;
    }

    /// <summary>Creates mono audio from one array (not copied).</summary>
    public static AudioData Mono(float[] samples, int sampleRate, string? sourcePath = null) =>
        new([samples], sampleRate, sourcePath);

    /// <summary>Samples per second.</summary>
    public int SampleRate { get; }

    /// <summary>Number of channels (at least 1).</summary>
    public int ChannelCount => _channels.Length;

    /// <summary>Samples per channel.</summary>
    public int FrameCount => _channels[0].Length;

    /// <summary>Where the audio came from (file path or pipe command), if known.</summary>
    public string? SourcePath { get; }

    /// <summary>Length in seconds.</summary>
    public double DurationSeconds => (double)FrameCount / SampleRate;

    /// <summary>The planar channel arrays (the live arrays, not copies).</summary>
    public IReadOnlyList<float[]> Channels => _channels;

    /// <summary>The live array of one channel; throws naming the source when the index is out of range.</summary>
    public float[] GetChannel(int channel)
    {
        if (channel < 0 || channel >= ChannelCount)
        {
            throw new ArgumentOutOfRangeException(nameof(channel),
                $"{SourcePath ?? "audio"}: channel {channel} requested but it has {ChannelCount} channel(s) (0-based)");
        }
        return _channels[channel];
    }

    /// <summary>A new array with the mean of all channels.</summary>
    public float[] Downmix()
    {
        if (ChannelCount == 1) return (float[])_channels[0].Clone();
        var mix = new float[FrameCount];
        foreach (float[] ch in _channels)
        {
            for (int i = 0; i < mix.Length; i++) mix[i] += ch[i];
        }
        float inv = 1f / ChannelCount;
        for (int i = 0; i < mix.Length; i++) mix[i] *= inv;
        return mix;
    }

    /// <summary>Mono samples by <paramref name="selection"/> (default channel 0); a copy in every case.</summary>
    public float[] ToMono(ChannelSelection selection = default)
    {
        return selection.ChannelIndex is int c ? (float[])GetChannel(c).Clone() : Downmix();
    }

    /// <summary>Mono audio by <paramref name="selection"/> (default channel 0).</summary>
    public AudioData ToMonoAudio(ChannelSelection selection = default) => Mono(ToMono(selection), SampleRate, SourcePath);

    /// <summary>A copy with every sample multiplied by <paramref name="factor"/>.</summary>
    public AudioData Scaled(float factor)
    {
        var chans = new float[ChannelCount][];
        for (int c = 0; c < chans.Length; c++)
        {
            float[] src = _channels[c];
            var dst = new float[src.Length];
            for (int i = 0; i < dst.Length; i++) dst[i] = src[i] * factor;
            chans[c] = dst;
        }
        return new AudioData(chans, SampleRate, SourcePath);
    }

    /// <summary>
    /// A copy in the int16 range (x * 32768), the scale Kaldi feature extraction expects; use on audio read in [-1, 1).
    /// </summary>
    public AudioData ToInt16Scale() => Scaled(SampleScaling.Int16Factor);

    /// <summary>A copy resampled to <paramref name="targetRate"/> (the same object when the rate already matches).</summary>
    public AudioData Resample(int targetRate, ResamplerOptions? options = null)
    {
        if (targetRate == SampleRate) return this;
        var resampler = new Resampler(SampleRate, targetRate, options);
        var chans = new float[ChannelCount][];
        for (int c = 0; c < chans.Length; c++) chans[c] = resampler.Process(_channels[c]);
        return new AudioData(chans, targetRate, SourcePath);
    }
}
