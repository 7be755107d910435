using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Tests.Common.SpeechData;
using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Models.Tests.Sit;

/// <summary>
/// A tiny split of <see cref="SyntheticFeatureDir"/> features and one short SIT run on it with the config a subclass
/// gives, shared by the tests of a class; <c>beforeSplit</c> writes what the config reads besides the features.
/// </summary>
public abstract class SitRunFixture : IDisposable
{
    internal SyntheticFeatureDir Data { get; }
    public string Split => Path.Combine(Data.Root, "split");
    public string Exp => Path.Combine(Data.Root, "exp");
    public string ConfigPath => Path.Combine(Data.Root, "sit.yaml");
    public IReadOnlyDictionary<string, double> Metrics { get; }
    public string Log { get; }

    private protected SitRunFixture(string config, Action<SyntheticFeatureDir>? beforeSplit = null)
    {
        TorchTestSetup.Init();
        Data = new SyntheticFeatureDir();
        beforeSplit?.Invoke(Data);
        DataSplit.Run(Data.Dir, Split, new DataSplitOptions { HeldSpeakers = 2, ValidFraction = 0.15, TestFraction = 0.3, Seed = 1 });
        File.WriteAllText(ConfigPath, config);
        var log = new StringWriter();
        Metrics = Experiment.Train(Experiment.LoadConfig("sit", ConfigPath, []), Split, Exp, resume: false, log);
        Log = log.ToString();
    }

    public void Dispose()
    {
        Data.Dispose();
        GC.SuppressFinalize(this);
    }
}
