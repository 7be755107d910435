using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Models.Tests.Common.SpeechData;

namespace SpeechDisentangle.Models.Tests.Sit;

/// <summary>
/// A tiny split with frame labels (as `sdt data prepare-timit` writes them) and one short frame-level SIT run whose
/// config leaves the class counts out. A frame's label is the word whose bin is raised in it (one, two, three), or
/// "sil": read from the features as written, so the labels are learnable from each frame's neighbourhood.
/// </summary>
public sealed class SitFrameLevelFixture : SitRunFixture
{
    static readonly string[] Symbols = ["one", "two", "three", "sil"];

    public SitFrameLevelFixture() : base(Config, WriteLabels) => Labels = LabelsOf(Data);

    public string LabelsDir => LabelsDirOf(Data);
    public Dictionary<string, int[]> Labels { get; }

    public const string Config = """
        model: sit
        model_options:
          frame_level_content: true
          encoder:
            input_bins: 6
            channels: [16, 16]
            kernels: [3, 3]
            dilations: [1, 2]
          content_hidden: 16
          speaker_hidden: 16
        trainer:
          max_steps: 60
          batch_size: 16
          log_every: 60
          seed: 1
          progress: false
        optimizers:
          encoder_content:
            learning_rate: 0.01
        data:
          cmvn: utt
          probe_steps: 30
          probe_folds: 2
          frame_labels: ../labels/frame_labels.txt
        """;

    static string LabelsDirOf(SyntheticFeatureDir data) => Path.Combine(data.Root, "labels");

    /// <summary>Writes phones.txt and frame_labels.txt where the config reads them (../labels/ of the split).</summary>
    internal static void WriteLabels(SyntheticFeatureDir data)
    {
        string dir = LabelsDirOf(data);
        Directory.CreateDirectory(dir);
        FrameLabelFiles.WriteSymbols(Path.Combine(dir, FrameLabelFiles.PhonesFile), Symbols);
        FrameLabelFiles.WriteLabels(Path.Combine(dir, FrameLabelFiles.LabelsFile), LabelsOf(data));
    }

    static Dictionary<string, int[]> LabelsOf(SyntheticFeatureDir data) =>
        data.Feats.ToDictionary(kv => kv.Key, kv => LabelsOf(kv.Value), StringComparer.Ordinal);

    // Word bins sit near 5 (plus a speaker offset of at most 1.2 on bin 0); a raised one is 3 higher.
    static int[] LabelsOf(Audio.Data.KaldiMatrix m)
    {
        var labels = new int[m.Rows];
        for (int t = 0; t < m.Rows; t++)
        {
            int word = Enumerable.Range(0, 3).MaxBy(b => m.Data[(t * m.Cols) + b]);
            labels[t] = m.Data[(t * m.Cols) + word] > 7f ? word : 3;
        }
        return labels;
    }
}
