using System.Globalization;
using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Models.Common.SpeechData;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Sit;

/// <summary>
/// Per-frame content labels of a split's utterances for frame-level SIT (<see cref="SitOptions.FrameLevelContent"/>):
/// a <c>frame_labels.txt</c> with its symbol table <c>phones.txt</c> beside it (what `sdt data prepare-timit`
/// writes), checked against the feature frames of every utterance.
/// </summary>
public sealed class SitFrameLabels
{
    /// <summary>
    /// Frames by which labels and features may differ (framing at the utterance's end): shorter labels are padded
    /// with their last label, longer ones cut. A larger difference means the labels were made with another framing.
    /// </summary>
    public const int Tolerance = 2;

    readonly IReadOnlyDictionary<string, int[]> _labels;

    SitFrameLabels(string path, IReadOnlyList<string> symbols, IReadOnlyDictionary<string, int[]> labels)
    {
        Path = path;
        Symbols = symbols;
        _labels = labels;
    }

    /// <summary>The frame_labels.txt read.</summary>
    public string Path { get; }

    /// <summary>The content classes in id order (phones.txt).</summary>
    public IReadOnlyList<string> Symbols { get; }

    /// <summary><paramref name="configured"/> (data.frame_labels) made absolute; a relative path is relative to the split folder.</summary>
    public static string Resolve(string splitFolder, string configured)
    {
        ArgumentNullException.ThrowIfNull(splitFolder);
        ArgumentNullException.ThrowIfNull(configured);
        return System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(configured) ? configured : System.IO.Path.Combine(splitFolder, configured));
    }

    /// <summary>The symbol table beside <paramref name="labelsPath"/> (phones.txt), without reading the labels.</summary>
    public static IReadOnlyList<string> ReadSymbols(string labelsPath)
    {
        ArgumentNullException.ThrowIfNull(labelsPath);
        string phones = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(labelsPath) ?? ".", FrameLabelFiles.PhonesFile);
        if (!File.Exists(phones))
            throw new DataDirException($"{phones}: missing; frame labels '{labelsPath}' need their symbol table {FrameLabelFiles.PhonesFile} beside them ('sdt data prepare-timit' writes both)");
        try
        {
            var symbols = FrameLabelFiles.ReadSymbols(phones);
            return symbols.Count >= 2 ? symbols : throw new DataDirException($"{phones}: has {symbols.Count} symbol(s); frame-level content needs at least 2");
        }
        catch (FormatException e)
        {
            throw new DataDirException(e.Message, e);
        }
    }

    /// <summary>Reads <paramref name="labelsPath"/> and its symbol table; every label must be a symbol id.</summary>
    public static SitFrameLabels Load(string labelsPath)
    {
        ArgumentNullException.ThrowIfNull(labelsPath);
        if (!File.Exists(labelsPath))
            throw new DataDirException($"frame labels '{labelsPath}' do not exist (data.frame_labels; relative paths start at the split folder; 'sdt data prepare-timit' writes frame_labels.txt)");
        var symbols = ReadSymbols(labelsPath);
        IReadOnlyDictionary<string, int[]> labels;
        try
        {
            labels = FrameLabelFiles.ReadLabels(labelsPath);
        }
        catch (FormatException e)
        {
            throw new DataDirException(e.Message, e);
        }
        var errors = new List<string>();
        foreach (var (utt, frames) in labels)
        {
            int bad = Array.FindIndex(frames, l => l >= symbols.Count);
            if (bad >= 0)
                errors.Add($"{labelsPath}: frame {bad} of '{utt}' has label {frames[bad]}, but {FrameLabelFiles.PhonesFile} has only {symbols.Count} symbols (ids 0..{symbols.Count - 1})");
            if (errors.Count >= 10) break;
        }
        if (errors.Count > 0) throw new DataDirException(labelsPath, errors);
        return new SitFrameLabels(labelsPath, symbols, labels);
    }

    /// <summary>
    /// The labels of every utterance of <paramref name="dir"/>, one per feature frame. Adds an error (naming the
    /// file, utterance and both lengths) for an utterance without labels or whose label count differs from its
    /// frame count by more than <see cref="Tolerance"/>.
    /// </summary>
    public Dictionary<string, int[]> AlignTo(FeatureDataDir dir, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(errors);
        var result = new Dictionary<string, int[]>(StringComparer.Ordinal);
        int missing = 0;
        foreach (var u in dir.Utterances)
        {
            if (!_labels.TryGetValue(u.Utt, out var labels))
            {
                if (missing++ < 5) errors.Add($"{Path}: has no labels for utterance '{u.Utt}' of {dir.Directory}");
                continue;
            }
            if (labels.Length == 0 || Math.Abs(labels.Length - u.Frames) > Tolerance)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{Path}: '{u.Utt}' has {labels.Length} frame labels but {u.Frames} feature frames in {dir.Directory}; the labels must use the features' framing (see frame_labels.conf beside them: compute features with the same frame length and shift, e.g. --preset kaldi)"));
                continue;
            }
            result[u.Utt] = Fit(labels, u.Frames);
        }
        if (missing > 5) errors.Add($"{Path}: ... and {missing - 5} more utterances of {dir.Directory} without labels");
        return result;
    }

    static int[] Fit(int[] labels, int frames)
    {
        if (labels.Length == frames) return labels;
        var fitted = new int[frames];
        Array.Copy(labels, fitted, Math.Min(frames, labels.Length));
        for (int i = labels.Length; i < frames; i++) fitted[i] = labels[^1];
        return fitted;
    }

    /// <summary>
    /// "frame_content" [N, Tmax] int64 for padded utterances (Tmax = the longest), <see cref="SpeechBatchKeys.Ignore"/>
    /// on padding. An utterance cropped by <see cref="UtteranceLengths.CropCentre"/> gets the same central frames of its labels.
    /// </summary>
    public static Tensor Pad(IReadOnlyList<SpeechUtterance> utterances, IReadOnlyDictionary<string, int[]> aligned)
    {
        ArgumentNullException.ThrowIfNull(utterances);
        ArgumentNullException.ThrowIfNull(aligned);
        int maxFrames = utterances.Max(u => u.Frames);
        var values = FrameContentRows.Pad(utterances, i => aligned.TryGetValue(utterances[i].Utt, out var l) ? l
            : throw new ArgumentException($"utterance '{utterances[i].Utt}' has no aligned frame labels", nameof(aligned)), maxFrames);
        return tensor(values, [utterances.Count, maxFrames]);
    }
}
