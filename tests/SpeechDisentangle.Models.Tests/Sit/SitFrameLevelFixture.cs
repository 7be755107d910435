using SpeechDisentangle.Audio.Corpora;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Tests.Common.SpeechData;
using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Models.Tests.Sit;

/// <summary>
/// A tiny split with frame labels (as `sdt data prepare-timit` writes them) and one short frame-level SIT run whose
/// config leaves the class counts out. A frame's label is the word whose bin is raised in it (one, two, three), or
/// "sil": read from the features as written, so the labels are learnable from each frame's neighbourhood.
/// </summary>
public sealed class SitFrameLevelFixture : IDisposable
{
    internal SyntheticFeatureDir Data { get; }
    public string Split => Path.Combine(Data.Root, "split");
    public string Exp => Path.Combine(Data.Root, "exp");
    public string LabelsDir => Path.Combine(Data.Root, "labels");
    public string LabelsPath => Path.Combine(LabelsDir, FrameLabelFiles.LabelsFile);
    public string ConfigPath => Path.Combine(Data.Root, "sit.yaml");
    public static readonly string[] Symbols = ["one", "two", "three", "sil"];
    public Dictionary<string, int[]> Labels { get; }
    public IReadOnlyDictionary<string, double> Metrics { get; }
    public string Log { get; }

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

    public SitFrameLevelFixture()
    {
        TorchTestSetup.Init();
        Data = new SyntheticFeatureDir();
        Labels = Data.Feats.ToDictionary(kv => kv.Key, kv => LabelsOf(kv.Value), StringComparer.Ordinal);
        WriteLabels(Labels);
        DataSplit.Run(Data.Dir, Split, new DataSplitOptions { HeldSpeakers = 2, ValidFraction = 0.15, TestFraction = 0.3, Seed = 1 });
        File.WriteAllText(ConfigPath, Config);
        var log = new StringWriter();
        Metrics = Experiment.Train(Experiment.LoadConfig("sit", ConfigPath, []), Split, Exp, resume: false, log);
        Log = log.ToString();
    }

    /// <summary>Writes phones.txt and frame_labels.txt into <see cref="LabelsDir"/>.</summary>
    public void WriteLabels(IReadOnlyDictionary<string, int[]> labels, int symbols = 4)
    {
        Directory.CreateDirectory(LabelsDir);
        FrameLabelFiles.WriteSymbols(Path.Combine(LabelsDir, FrameLabelFiles.PhonesFile), Symbols.Take(symbols).ToList());
        FrameLabelFiles.WriteLabels(LabelsPath, labels);
    }

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

    public void Dispose() => Data.Dispose();
}
