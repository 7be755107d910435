using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.IO;

/// <summary>What to do when a WAV data chunk (or SPHERE sample_count) claims more bytes than the file holds.</summary>
public enum TruncatedDataPolicy
{
    /// <summary>Throw <see cref="AudioFormatException"/> naming the file, the claimed and the available sizes.</summary>
    Error,

    /// <summary>Keep the whole frames that are there and report a warning through <see cref="AudioReadOptions.Warning"/>.</summary>
    TruncateWithWarning,
}

/// <summary>Options for <see cref="AudioReader"/>.</summary>
public sealed record AudioReadOptions : IValidatable
{
    /// <summary>Defaults: unit scale, native rate, no pipes, truncated data is an error.</summary>
    public static AudioReadOptions Default { get; } = new();

    /// <summary>Kaldi-compatible preset: samples in the int16 range.</summary>
    public static AudioReadOptions Kaldi { get; } = new() { Scale = SampleScale.Int16 };

    /// <summary>Sample range of the result (default [-1, 1)).</summary>
    public SampleScale Scale { get; init; } = SampleScale.Unit;

    /// <summary>Resample to this rate after decoding; null keeps the file's rate.</summary>
    public int? TargetSampleRate { get; init; }

    /// <summary>Filter settings used when <see cref="TargetSampleRate"/> differs from the file's rate.</summary>
    public ResamplerOptions Resampler { get; init; } = new();

    /// <summary>Allow Kaldi-style piped entries ("cmd ... |"), which run a shell command. Off by default.</summary>
    public bool AllowPipes { get; init; }

    /// <summary>What to do when the data chunk claims more than the file has (default: error).</summary>
    public TruncatedDataPolicy TruncatedData { get; init; } = TruncatedDataPolicy.Error;

    /// <summary>Receives warnings (truncation, trailing partial frame); null drops them. The library never writes to the
    /// console: a program passes its own sink (sdt writes them to standard error).</summary>
    public Action<string>? Warning { get; init; }

    /// <summary>Frames decoded per read when a whole file is loaded.</summary>
    public int BlockFrames { get; init; } = 65536;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (TargetSampleRate is int r && r <= 0) errors.Add($"TargetSampleRate must be positive (got {r})");
        if (BlockFrames <= 0) errors.Add($"BlockFrames must be positive (got {BlockFrames})");
        if (!Enum.IsDefined(Scale)) errors.Add($"Scale {(int)Scale} is not a SampleScale value");
        if (!Enum.IsDefined(TruncatedData)) errors.Add($"TruncatedData {(int)TruncatedData} is not a TruncatedDataPolicy value");
        errors.AddRange(Validation.Nested(nameof(Resampler), Resampler));
        return errors;
    }

    internal void Warn(string message) => Warning?.Invoke(message);
}
