using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Config;

namespace SpeechDisentangle.Models.Sit;

/// <summary>
/// Fills <c>model_options.speaker_classes</c> and <c>content_classes</c> from a split folder when the config leaves
/// them unset (absent or 0), so a corpus recipe needs no hand-set class counts: speakers from speakers.txt (else
/// train/utt2spk); content classes from content.txt (else the one-word transcripts of train/text; sentence mode needs content.txt) or, with
/// <c>frame_level_content: true</c>, the symbols of phones.txt beside <c>data.frame_labels</c>. Counts the config
/// does set are kept; <see cref="SpeechSplit.Load"/> then checks them against the data.
/// </summary>
public static class SitClassCounts
{
    public const string SpeakerKey = "speaker_classes";
    public const string ContentKey = "content_classes";

    /// <summary>The config with unset class counts taken from <paramref name="splitFolder"/> (unchanged when that folder does not exist).</summary>
    public static RunConfig Complete(RunConfig config, string splitFolder)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(splitFolder);
        var map = config.ModelOptions;
        bool speakers = ConfigMapValues.IsUnset(map, SpeakerKey), content = ConfigMapValues.IsUnset(map, ContentKey);
        if (!(speakers || content) || !Directory.Exists(Path.Combine(splitFolder, "train"))) return config;
        var values = new Dictionary<string, object?>(map.Values, StringComparer.Ordinal);
        if (speakers) values[SpeakerKey] = Speakers(splitFolder);
        if (content) values[ContentKey] = Content(splitFolder, map.Bind<SitOptions>(), config.Data.Bind<SitDataOptions>());
        return config with { ModelOptions = new ConfigMap(values, map.Path, map.Locations) };
    }

    /// <summary>Training speakers of the split: speakers.txt, else the speakers of train/utt2spk.</summary>
    public static int Speakers(string splitFolder)
    {
        string saved = Path.Combine(splitFolder, "speakers.txt");
        if (File.Exists(saved)) return Checked(LabelMap.Load(saved).Count, saved, "speakers", "model_options.speaker_classes");
        string utt2spk = Path.Combine(splitFolder, "train", KaldiFileNames.Utt2Spk);
        var lines = ReadTable(utt2spk);
        return Checked(lines.Select(l => l.Rest.Trim()).Distinct(StringComparer.Ordinal).Count(), utt2spk, "speakers", "model_options.speaker_classes");
    }

    /// <summary>Content classes of the split for <paramref name="model"/>: utterance-level words or frame-level symbols.</summary>
    public static int Content(string splitFolder, SitOptions model, SitDataOptions data)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (model.FrameLevelContent)
        {
            if (string.IsNullOrWhiteSpace(data.FrameLabels)) throw new DataDirException(SpeechSplit.FrameLabelsMissing);
            return SitFrameLabels.ReadSymbols(SitFrameLabels.Resolve(splitFolder, data.FrameLabels)).Count;
        }
        string saved = Path.Combine(splitFolder, "content.txt");
        if (File.Exists(saved) && new FileInfo(saved).Length > 0) return Checked(LabelMap.Load(saved).Count, saved, "content classes", "model_options.content_classes");
        if (data.Content == Audio.Pipeline.ContentMode.Sentence) throw new DataDirException(SpeechSplit.NoSentenceClasses(saved));
        string text = Path.Combine(splitFolder, "train", KaldiFileNames.Text);
        int count = File.Exists(text) ? ReadTable(text).Select(l => ContentLabel.Of(l.Rest)).OfType<string>().Distinct(StringComparer.Ordinal).Count() : 0;
        return count >= 2 ? count : throw new DataDirException(SpeechSplit.NoContentClasses(text, count));
    }

    static int Checked(int count, string path, string what, string key) => count >= 2 ? count
        : throw new DataDirException($"{path}: has {count} {what}; SIT needs at least 2, so {key} cannot be inferred");

    static IReadOnlyList<TableLine> ReadTable(string path)
    {
        if (!File.Exists(path)) throw new DataDirException($"{path}: missing (make the split with 'sdt data split')");
        var errors = new List<string>();
        var lines = KaldiTableFile.Read(path, errors);
        if (errors.Count > 0) throw new DataDirException(path, errors);
        return lines;
    }
}
