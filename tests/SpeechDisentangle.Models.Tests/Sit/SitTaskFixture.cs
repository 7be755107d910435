using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Tests.Common.SpeechData;
using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Models.Tests.Sit;

/// <summary>One tiny split and one short SIT training run, shared by the task and extract tests.</summary>
public sealed class SitTaskFixture : IDisposable
{
    internal SyntheticFeatureDir Data { get; }
    public string Split => Path.Combine(Data.Root, "split");
    public string Exp => Path.Combine(Data.Root, "exp");
    public string ConfigPath => Path.Combine(Data.Root, "sit.yaml");
    public IReadOnlyDictionary<string, double> Metrics { get; }
    public string Log { get; }

    public const string Config = """
        model: sit
        model_options:
          speaker_classes: 3
          content_classes: 3
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
          probe_steps: 60
        """;

    public SitTaskFixture()
    {
        TorchTestSetup.Init();
        Data = new SyntheticFeatureDir();
        DataSplit.Run(Data.Dir, Split, new DataSplitOptions { HeldSpeakers = 2, ValidFraction = 0.15, TestFraction = 0.3, Seed = 1 });
        File.WriteAllText(ConfigPath, Config);
        var log = new StringWriter();
        Metrics = Experiment.Train(Experiment.LoadConfig("sit", ConfigPath, []), Split, Exp, resume: false, log);
        Log = log.ToString();
    }

    public void Dispose() => Data.Dispose();
}
