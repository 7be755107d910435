using System.Globalization;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Corpora;

/// <summary>Options of <see cref="CtmFrameLabels.Convert"/>; the framing must match the features the labels go with.</summary>
public sealed record CtmFrameLabelOptions : IValidatable
{
    /// <summary>Frame length in ms (Kaldi default 25).</summary>
    public double FrameLengthMs { get; init; } = 25.0;

    /// <summary>Frame shift in ms (Kaldi default 10).</summary>
    public double FrameShiftMs { get; init; } = 10.0;

    /// <summary>Drop Kaldi's word-position suffixes _B/_I/_E/_S (AH0_B -> AH0).</summary>
    public bool StripPosition { get; init; } = true;

    /// <summary>Drop ARPAbet stress digits (AH0 -> AH).</summary>
    public bool StripStress { get; init; }

    /// <summary>
    /// An existing phones.txt whose ids the labels must use (e.g. the training set's, when converting another set);
    /// empty = the folded phones of this CTM, sorted.
    /// </summary>
    public string Symbols { get; init; } = "";

    /// <summary>
    /// Report and skip malformed CTM lines, utterances the data dir does not have, and utterances whose alignment
    /// does not fit their audio, instead of stopping at the first.
    /// </summary>
    public bool SkipBad { get; init; }

    /// <summary>
    /// Also write the data dir restricted to the labelled utterances here (wav.scp, utt2spk, spk2utt, text,
    /// segments), for frame-level training, which needs labels for every utterance; empty = don't.
    /// </summary>
    public string AlignedDataDir { get; init; } = "";

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (!(FrameLengthMs > 0)) errors.Add(Invariant($"frame length must be positive (got {FrameLengthMs} ms)"));
        if (!(FrameShiftMs > 0)) errors.Add(Invariant($"frame shift must be positive (got {FrameShiftMs} ms)"));
        if (Symbols.Length > 0 && !File.Exists(Symbols)) errors.Add($"symbol table '{Symbols}' does not exist");
        return errors;
    }

    static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
