using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Models.Speech;
using SpeechDisentangle.Models.Speech.Data;

namespace SpeechDisentangle.Models.Tasks.Speech;

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

    /// <summary>Held-out speakers (their own classes, for the unseen-speaker probe).</summary>
    public required LabelMap UnseenSpeakers { get; init; }

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
        FeatureDataDir Read(string name) => FeatureDataDir.Load(Path.Combine(folder, name), data.CmvnMode, data.NormVars);
        var train = Read("train");
        var valid = Directory.Exists(Path.Combine(folder, "valid")) && File.Exists(Path.Combine(folder, "valid", "utt2spk"))
            && new FileInfo(Path.Combine(folder, "valid", "utt2spk")).Length > 0 ? Read("valid") : null;
        var test = Read("test");
        var unseen = Read("unseen");

        var errors = new List<string>();
        var speakers = LabelsFor(folder, "speakers.txt", new LabelMap(train.Speakers), "train speakers", errors);
        var content = LabelsFor(folder, "content.txt", ContentLabel.MapOf(train.Utterances), "train content classes", errors);
        foreach (var spk in test.Speakers.Concat(valid?.Speakers ?? []))
            if (!speakers.Contains(spk)) errors.Add($"speaker '{spk}' of test/valid is not a training speaker (test and valid hold seen speakers)");
        foreach (var spk in unseen.Speakers)
            if (speakers.Contains(spk)) errors.Add($"speaker '{spk}' of unseen/ is also a training speaker");
        foreach (var (name, dir) in new[] { ("test", test), ("unseen", unseen) })
        {
            var present = ContentLabel.MapOf(dir.Utterances);
            foreach (var c in content.Labels.Where(c => !present.Contains(c))) errors.Add($"content class '{c}' has no utterance in {name}/");
            foreach (var c in present.Labels.Where(c => !content.Contains(c))) errors.Add($"content '{c}' of {name}/ is not a training class");
        }
        if (train.Bins != model.Encoder.InputBins)
            errors.Add($"the features have {train.Bins} bins but model_options.encoder.input_bins is {model.Encoder.InputBins}");
        if (speakers.Count != model.SpeakerClasses)
            errors.Add($"train/ has {speakers.Count} speakers but model_options.speaker_classes is {model.SpeakerClasses} (set it to {speakers.Count})");
        if (content.Count != model.ContentClasses)
            errors.Add($"train/ has {content.Count} content classes ({string.Join(" ", content.Labels)}) but model_options.content_classes is {model.ContentClasses} (set it to {content.Count})");
        foreach (var dir in new[] { train, valid, test, unseen }.OfType<FeatureDataDir>())
        {
            if (dir.Bins != train.Bins) errors.Add($"{dir.Directory}: features have {dir.Bins} bins, train/ has {train.Bins}");
            CheckLengths(dir, model.Encoder.ReceptiveField, errors);
        }
        if (errors.Count > 0) throw new DataDirException(folder, errors);
        return new SpeechSplit
        {
            Speakers = speakers, Content = content, UnseenSpeakers = new LabelMap(unseen.Speakers),
            Train = train, Valid = valid, Test = test, Unseen = unseen,
        };
    }

    /// <summary>Adds an error for every utterance shorter than the receptive field (the encoder has no output frame for it).</summary>
    public static void CheckLengths(FeatureDataDir dir, int receptiveField, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(dir);
        ArgumentNullException.ThrowIfNull(errors);
        var shorter = dir.Utterances.Where(u => u.Frames < receptiveField).ToList();
        if (shorter.Count > 0)
            errors.Add($"{dir.Directory}: {shorter.Count} utterance(s) are shorter than the encoder's receptive field of {receptiveField} frames: "
                + string.Join(", ", shorter.Take(5).Select(u => $"{u.Utt} ({u.Frames} frames)")) + (shorter.Count > 5 ? ", ..." : "")
                + "; remove them or use an encoder with less context");
    }

    static LabelMap LabelsFor(string folder, string file, LabelMap fromTrain, string what, List<string> errors)
    {
        string path = Path.Combine(folder, file);
        if (!File.Exists(path)) return fromTrain;
        var saved = LabelMap.Load(path);
        if (!saved.SameAs(fromTrain))
            errors.Add($"{path}: lists {saved.Count} labels ({Preview(saved)}) but the {what} are {fromTrain.Count} ({Preview(fromTrain)}); re-run 'sdt data split'");
        return saved;
    }

    static string Preview(LabelMap map) => string.Join(" ", map.Labels.Take(12)) + (map.Count > 12 ? " ..." : "");
}
