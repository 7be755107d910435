using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Training;

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

    [Fact]
    public void InitializeFrom_ModelWithExtraLayer_CopiesSharedAndKeepsTheRest()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("m.ckpt");
        using var small = nn.Sequential(("a", nn.Linear(3, 2)));
        SaveWeightsOnly(path, small);
        using var big = nn.Sequential(("a", nn.Linear(3, 2)), ("b", nn.Linear(2, 2)));
        var before = big.state_dict()["b.weight"].clone();

        var report = Checkpoint.InitializeFrom(path, big);

        report.Copied.Should().BeEquivalentTo(["a.weight", "a.bias"]);
        report.Kept.Should().BeEquivalentTo(["b.weight", "b.bias"]);
        big.state_dict()["a.weight"].allclose(small.state_dict()["a.weight"], rtol: 0, atol: 0).Should().BeTrue();
        big.state_dict()["b.weight"].allclose(before, rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void InitializeFrom_CheckpointWithExtraLayer_ReportsItIgnored()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("m.ckpt");
        using var big = nn.Sequential(("a", nn.Linear(3, 2)), ("b", nn.Linear(2, 2)));
        SaveWeightsOnly(path, big);
        using var small = nn.Sequential(("a", nn.Linear(3, 2)));

        var report = Checkpoint.InitializeFrom(path, small);

        report.Copied.Should().BeEquivalentTo(["a.weight", "a.bias"]);
        report.Kept.Should().BeEmpty();
        report.Ignored.Should().BeEquivalentTo(["b.weight", "b.bias"]);
        small.state_dict()["a.bias"].allclose(big.state_dict()["a.bias"], rtol: 0, atol: 0).Should().BeTrue();
    }

    [Fact]
    public void InitializeFrom_NoSharedNames_ThrowsNamingFile()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("m.ckpt");
        using var a = nn.Sequential(("x", nn.Linear(3, 2)));
        SaveWeightsOnly(path, a);
        using var b = nn.Sequential(("y", nn.Linear(3, 2)));

        var act = () => Checkpoint.InitializeFrom(path, b);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{path}*shares no tensor*");
    }

    [Fact]
    public void InitializeFrom_SharedNameOtherShape_ThrowsNamingFile()
    {
        using var dir = new TestDirectory();
        string path = dir.Combine("m.ckpt");
        using var a = nn.Sequential(("x", nn.Linear(3, 2)));
        SaveWeightsOnly(path, a);
        using var b = nn.Sequential(("x", nn.Linear(4, 2)));

        var act = () => Checkpoint.InitializeFrom(path, b);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{path}*does not fit*");
    }

    /// <summary>A checkpoint with the module's weights and no optimizer state, as a finished stage one leaves.</summary>
    private static void SaveWeightsOnly(string path, nn.Module module) =>
        Checkpoint.Save(path, module, new Dictionary<string, TorchSharp.Modules.OptimizerHelper>(), new TrainerState(1, null, -1, 0), null);
}
