using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>Options of <see cref="TimitDataPrep"/>; the framing must match the features the labels go with.</summary>
public sealed record TimitPrepareOptions : IValidatable
{
    /// <summary>"train" or "test".</summary>
    public string Split { get; init; } = "train";

    /// <summary>Keep the SA1/SA2 dialect sentences (dropped by default, as is standard).</summary>
    public bool IncludeSa { get; init; }

    /// <summary>Phone inventory of the frame labels.</summary>
    public TimitPhoneSet PhoneSet { get; init; } = TimitPhoneSet.Folded39;

    /// <summary>Frame length in ms (Kaldi default 25).</summary>
    public double FrameLengthMs { get; init; } = 25.0;

    /// <summary>Frame shift in ms (Kaldi default 10).</summary>
    public double FrameShiftMs { get; init; } = 10.0;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!Split.Equals("train", StringComparison.OrdinalIgnoreCase) && !Split.Equals("test", StringComparison.OrdinalIgnoreCase))
            errors.Add($"Split must be train or test, got '{Split}'");
        if (!Enum.IsDefined(PhoneSet)) errors.Add($"PhoneSet {(int)PhoneSet} is not 61 or 39");
        if (!(FrameLengthMs > 0)) errors.Add($"FrameLengthMs must be positive, got {FrameLengthMs}");
        if (!(FrameShiftMs > 0)) errors.Add($"FrameShiftMs must be positive, got {FrameShiftMs}");
        return errors;
    }
}
