using System.Globalization;

namespace SpeechDisentangle.Audio.Features;

/// <summary>The signal is shorter than the log-mel options need for one frame (<see cref="LogMelOptions.MinimumSamples"/>).</summary>
public sealed class AudioTooShortException : ArgumentException
{
    /// <summary>Says how long the signal is and how long it must be.</summary>
    public AudioTooShortException(long samples, LogMelOptions options)
        : base(Describe(samples, options))
    {
        ArgumentNullException.ThrowIfNull(options);
        Samples = samples;
        MinimumSamples = options.MinimumSamples;
        SampleRate = options.SampleRate;
    }

    /// <summary>Parameterless form required by the exception design rules.</summary>
    public AudioTooShortException() : base("audio is shorter than one frame") { }

    /// <summary>Message-only form required by the exception design rules.</summary>
    public AudioTooShortException(string message) : base(message) { }

    /// <summary>Message-only form required by the exception design rules.</summary>
    public AudioTooShortException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Samples the signal has (after resampling to <see cref="SampleRate"/>).</summary>
    public long Samples { get; }

    /// <summary>Samples one frame needs.</summary>
    public int MinimumSamples { get; }

    /// <summary>The sample rate both counts refer to.</summary>
    public int SampleRate { get; }

    static string Describe(long samples, LogMelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Create(CultureInfo.InvariantCulture,
            $"audio of {samples} samples ({1000.0 * samples / options.SampleRate:0.#} ms at {options.SampleRate} Hz) is shorter than one frame: " +
            $"{options.MinimumSamples} samples ({1000.0 * options.MinimumSamples / options.SampleRate:0.#} ms) are needed");
    }
}
