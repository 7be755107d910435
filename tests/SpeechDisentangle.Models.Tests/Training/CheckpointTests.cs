using SpeechDisentangle.Models.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Training;

[Collection("torch")]
public class CheckpointTests
{
    public CheckpointTests() => TorchTestSetup.Init();

    [Fact]
    public void LoadModel_NotACheckpoint_ThrowsNamingFileAndMagic()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("bogus.ckpt");
        File.WriteAllText(path, "hello world, not a checkpoint");
        using var module = nn.Linear(2, 2);

        var act = () => Checkpoint.LoadModel(path, module);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{path}*magic*");
    }

    [Fact]
    public void LoadModel_TruncatedFile_ThrowsNamingFile()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("a.ckpt");
        using var module = nn.Linear(3, 2);
        using var opt = OptimizerFactory.Create(module.parameters(), new OptimizerSettings());
        Checkpoint.Save(path, module, new Dictionary<string, TorchSharp.Modules.OptimizerHelper> { ["m"] = opt }, new TrainerState(3, null, -1, 0), null);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var act = () => Checkpoint.Load(path, module, new Dictionary<string, TorchSharp.Modules.OptimizerHelper> { ["m"] = opt }, null);

        act.Should().Throw<Exception>().Where(e => e.Message.Contains(path, StringComparison.Ordinal));
    }

    [Fact]
    public void SaveThenLoadModel_RoundTrip_RestoresWeightsAndCounters()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("m.ckpt");
        using var a = nn.Linear(3, 2);
        using var b = nn.Linear(3, 2);
        using var opt = OptimizerFactory.Create(a.parameters(), new OptimizerSettings());
        Checkpoint.Save(path, a, new Dictionary<string, TorchSharp.Modules.OptimizerHelper> { ["m"] = opt }, new TrainerState(17, 0.5, 12, 4), null);

        var state = Checkpoint.LoadModel(path, b);

        state.Should().Be(new TrainerState(17, 0.5, 12, 4));
        b.weight!.data<float>().ToArray().Should().Equal(a.weight!.data<float>().ToArray());
    }

    [Fact]
    public void LoadModel_OtherArchitecture_ThrowsNamingFile()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("m.ckpt");
        using var small = nn.Linear(3, 2);
        using var opt = OptimizerFactory.Create(small.parameters(), new OptimizerSettings());
        Checkpoint.Save(path, small, new Dictionary<string, TorchSharp.Modules.OptimizerHelper> { ["m"] = opt }, new TrainerState(1, null, -1, 0), null);
        using var big = nn.Linear(5, 2);

        var act = () => Checkpoint.LoadModel(path, big);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{path}*does not fit*");
    }
}
