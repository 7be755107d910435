using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;

namespace SpeechDisentangle.Models.Sit;

/// <summary>
/// The four feature data dirs written by `sdt data split` (train, valid, test, unseen) with the label maps training
/// uses, checked against each other and against the model before any training starts.
/// </summary>
public sealed class SpeechSplit
{
    /// <summary>Training speakers (speakers.txt of the split, or built from train/).</summary>
    public required LabelMap Speakers { get; init; }

    /// <summary>Content classes (content.txt of the split, or built from train/).</summary>
    public required LabelMap Content { get; init; }

    /// <summary>How utterance-level content labels are read from transcripts (data.content).</summary>
    public ContentMode ContentMode { get; init; }

    /// <summary>Held-out speakers (their own classes, for the unseen-speaker probe).</summary>
    public required LabelMap UnseenSpeakers { get; init; }

    /// <summary>
    /// With <see cref="SitOptions.FrameLevelContent"/>: the content symbols (phones.txt, in id order) and every
    /// utterance's labels, one per feature frame; null otherwise.
    /// </summary>
    public IReadOnlyList<string>? FrameSymbols { get; init; }

    /// <summary>Frame labels by utterance id (all four sets), aligned with the features; null without frame-level content.</summary>
    public IReadOnlyDictionary<string, int[]>? FrameContent { get; init; }

    public required FeatureDataDir Train { get; init; }
    public FeatureDataDir? Valid { get; init; }
    public required FeatureDataDir Test { get; init; }
    public required FeatureDataDir Unseen { get; init; }

    /// <summary>
    /// Loads <paramref name="folder"/>/{train,valid,test,unseen} (valid may be missing) and checks: label files match
    /// train/, test speakers are training speakers, unseen speakers are not, every content class is in test and
    /// unseen, the feature size is the model's, and no utterance is shorter than the encoder's receptive field.
    /// </summary>
    public static SpeechSplit Load(string folder, SitDataOptions data, SitOptions model)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(model);
        data.Validate();
        if (!Directory.Exists(folder)) throw new DataDirException($"split folder '{folder}' does not exist (make it with 'sdt data split')");
        var missing = new[] { "train", "test", "unseen" }.Where(n => !Directory.Exists(Path.Combine(folder, n))).ToList();
        if (missing.Count > 0)
            throw new DataDirException($"'{folder}' is not a split folder: it has no {string.Join(", ", missing)} (make it with 'sdt data split')");
        FeatureDataDir Read(string name) => FeatureDataDir.Load(Path.Combine(folder, name), data.Cmvn, data.NormVars);
        // Only train/ may be streamed: the evaluation sets are read whole.
        var train = data.Loading.Mode == FeatureLoadingMode.Stream
            ? FeatureIndex.Load(Path.Combine(folder, "train"), data.Cmvn, data.NormVars)
            : Read("train");
        var valid = Directory.Exists(Path.Combine(folder, "valid")) && File.Exists(Path.Combine(folder, "valid", "utt2spk"))
            && new FileInfo(Path.Combine(folder, "valid", "utt2spk")).Length > 0 ? Read("valid") : null;
        var test = Read("test");
        var unseen = Read("unseen");

        var errors = new List<string>();
        var speakers = LabelsFor(folder, "speakers.txt", new LabelMap(train.Speakers), "train speakers", errors);
        if (model.FrameLevelContent && string.IsNullOrWhiteSpace(data.FrameLabels)) throw new DataDirException(FrameLabelsMissing);
        var frames = model.FrameLevelContent ? SitFrameLabels.Load(SitFrameLabels.Resolve(folder, data.FrameLabels)) : null;
        // Frame-level runs have no utterance-level content classes.
        var mode = data.Content;
        var content = frames is not null ? new LabelMap([])
            : mode == ContentMode.Sentence ? SentenceClasses(folder, train, errors)
            : LabelsFor(folder, "content.txt", ContentLabel.MapOf(train.Utterances), "train content classes", errors);
        foreach (var spk in test.Speakers.Concat(valid?.Speakers ?? []))
            if (!speakers.Contains(spk)) errors.Add($"speaker '{spk}' of test/valid is not a training speaker (test and valid hold seen speakers)");
        foreach (var spk in unseen.Speakers)
            if (speakers.Contains(spk)) errors.Add($"speaker '{spk}' of unseen/ is also a training speaker");
        foreach (var (name, dir) in frames is null ? new[] { ("test", test), ("unseen", unseen) } : [])
        {
            var present = ContentLabel.MapOf(dir.Utterances, mode);
            foreach (var c in content.Labels.Where(c => !present.Contains(c))) errors.Add($"content class '{c}' has no utterance in {name}/");
            // Sentence mode: sentences that are not classes are simply unlabelled.
            if (mode == ContentMode.Word)
                foreach (var c in present.Labels.Where(c => !content.Contains(c))) errors.Add($"content '{c}' of {name}/ is not a training class");
        }
        if (train.Bins != model.Encoder.InputBins)
            errors.Add($"the features have {train.Bins} bins but model_options.encoder.input_bins is {model.Encoder.InputBins}");
        if (speakers.Count != model.SpeakerClasses)
            errors.Add($"train/ has {speakers.Count} speakers but model_options.speaker_classes is {model.SpeakerClasses} (set it to {speakers.Count}), or leave it out (or 0) to take it from the data");
        if (frames is not null && frames.Symbols.Count != model.ContentClasses)
            errors.Add($"{frames.Path}: its {FrameLabelFiles.PhonesFile} has {frames.Symbols.Count} symbols but model_options.content_classes is {model.ContentClasses} (set it to {frames.Symbols.Count}), or leave it out (or 0) to take it from the data");
        else if (frames is null && content.Count < 2)
            errors.Add(NoContentClasses(Path.Combine(train.Directory, "text"), content.Count));
        else if (frames is null && content.Count != model.ContentClasses)
            errors.Add($"train/ has {content.Count} content classes ({Preview(content)}) but model_options.content_classes is {model.ContentClasses} (set it to {content.Count}), or leave it out (or 0) to take it from the data");
        foreach (var dir in new[] { train, valid, test, unseen }.OfType<FeatureDataDir>())
        {
            if (dir.Bins != train.Bins) errors.Add($"{dir.Directory}: features have {dir.Bins} bins, train/ has {train.Bins}");
            UtteranceLengths.CheckLengths(dir, model.Encoder.ReceptiveField, errors);
        }
        var aligned = new Dictionary<string, int[]>(StringComparer.Ordinal);
        if (frames is not null)
            foreach (var dir in new[] { train, valid, test, unseen }.OfType<FeatureDataDir>())
                foreach (var (utt, labels) in frames.AlignTo(dir, errors)) aligned[utt] = labels;
        if (errors.Count > 0) throw new DataDirException(folder, errors);
        return new SpeechSplit
        {
            Speakers = speakers, Content = content, ContentMode = mode, UnseenSpeakers = new LabelMap(unseen.Speakers),
            FrameSymbols = frames?.Symbols, FrameContent = frames is null ? null : aligned,
            Train = train, Valid = valid, Test = test, Unseen = unseen,
        };
    }

    /// <summary>The error when frame-level content is asked for without frame labels.</summary>
    public const string FrameLabelsMissing = "model_options.frame_level_content is true but data.frame_labels is not set: give the frame_labels.txt of the data dir the split was made from (e.g. data.frame_labels: ../train/frame_labels.txt, relative to the split folder)";

    /// <summary>The error when the transcripts give fewer than two utterance-level content classes.</summary>
    public static string NoContentClasses(string textPath, int count) =>
        $"{textPath}: the training transcripts give {count} utterance-level content class(es) (only one-word transcripts, e.g. spoken digits, are content labels; "
        + "sentences are not), but SIT's content head needs at least 2: use a corpus of one-word utterances, or frame-level labels "
        + "(model_options.frame_level_content: true with data.frame_labels), or, when speakers read the same sentences (VCTK), "
        + "sentence classes ('sdt data split --content sentence' and data.content: sentence)";

    /// <summary>The error when sentence content is asked for but the split has no content.txt.</summary>
    public static string NoSentenceClasses(string contentPath) =>
        $"{contentPath}: missing or empty, but data.content is 'sentence': make the split with 'sdt data split --content sentence', which lists the shared sentences there";

    // Sentence classes are chosen by the split (sentences read by enough seen speakers): content.txt is the list,
    // and every class it names must be read in train/.
    static LabelMap SentenceClasses(string folder, FeatureDataDir train, List<string> errors)
    {
        string path = Path.Combine(folder, "content.txt");
        if (!File.Exists(path) || new FileInfo(path).Length == 0) throw new DataDirException(NoSentenceClasses(path));
        var saved = LabelMap.Load(path);
        var inTrain = ContentLabel.MapOf(train.Utterances, ContentMode.Sentence);
        var absent = saved.Labels.Where(c => !inTrain.Contains(c)).ToList();
        if (absent.Count > 0)
            errors.Add($"{path}: {absent.Count} of its sentences are not read in train/ ({string.Join(" ", absent.Take(3))}{(absent.Count > 3 ? " ..." : "")}); re-run 'sdt data split --content sentence'");
        return saved;
    }

    static LabelMap LabelsFor(string folder, string file, LabelMap fromTrain, string what, List<string> errors)
    {
        string path = Path.Combine(folder, file);
        if (!File.Exists(path)) return fromTrain;
        var saved = LabelMap.Load(path);
        if (!saved.SameAs(fromTrain))
            errors.Add($"{path}: lists {saved.Count} labels ({Preview(saved)}) but the {what} are {fromTrain.Count} ({Preview(fromTrain)}); re-run 'sdt data split'"
                + (file == "content.txt" ? " (a split made with --content sentence needs data.content: sentence)" : ""));
        return saved;
    }

    static string Preview(LabelMap map) => string.Join(" ", map.Labels.Take(12)) + (map.Count > 12 ? " ..." : "");
}
