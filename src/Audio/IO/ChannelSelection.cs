namespace SpeechDisentangle.Audio.IO;

/// <summary>
/// How a multi-channel recording becomes mono. The default (also <c>default(ChannelSelection)</c>) is channel 0,
/// as in Kaldi's feature extraction; <see cref="Mean"/> averages all channels.
/// </summary>
public readonly record struct ChannelSelection
{
    // Laid out so that the zero-initialised struct means "channel 0".
    readonly int _index;
    readonly bool _mean;

    ChannelSelection(int index, bool mean)
    {
        _index = index;
        _mean = mean;
    }

    /// <summary>The channel to take, or null for the mean of all channels.</summary>
    public int? ChannelIndex => _mean ? null : _index;

    /// <summary>True when the channels are averaged.</summary>
    public bool IsMean => _mean;

    /// <summary>Channel 0, the Kaldi default.</summary>
    public static ChannelSelection Default => default;

    /// <summary>The mean of all channels (downmix).</summary>
    public static ChannelSelection Mean => new(0, mean: true);

    /// <summary>One channel by 0-based index.</summary>
    public static ChannelSelection Channel(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new(index, mean: false);
    }

    /// <inheritdoc/>
    public override string ToString() => _mean ? "mean of channels" : $"channel {_index}";
}
