using SpeechDisentangle.Models.Core.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Training;

[Collection("torch")]
public sealed class CheckpointVerificationTests : IDisposable
{
    readonly TestDirectory _dir = new();
    readonly Linear _module = nn.Linear(64, 64);   // 16 KiB of weights
    readonly OptimizerHelper _adam;

    public CheckpointVerificationTests()
    {
        TorchTestSetup.Init();
        _adam = OptimizerFactory.Create(_module.parameters(), new OptimizerSettings());
    }

    public void Dispose()
    {
        _adam.Dispose();
        _module.Dispose();
        _dir.Dispose();
    }

    Dictionary<string, OptimizerHelper> Optimizers => new() { ["m"] = _adam };

    static readonly TrainerState State = new(9, 0.25, 4, 3);

    string Save(string name, bool withOptimizer = true)
    {
        string path = _dir.Combine(name);
        Checkpoint.Save(path, _module, withOptimizer ? Optimizers : new Dictionary<string, OptimizerHelper>(), State, null);
        return path;
    }

    /// <summary>Every way sdt reads a checkpoint: resume (Load), eval/extract/convert/sample/demo (LoadModel), init_from, verify.</summary>
    public static TheoryData<string> Readers => ["Load", "LoadModel", "InitializeFrom", "Verify"];

    void Read(string reader, string path)
    {
        using var fresh = nn.Linear(64, 64);
        using var opt = OptimizerFactory.Create(fresh.parameters(), new OptimizerSettings());
        switch (reader)
        {
            case "Load": Checkpoint.Load(path, fresh, new Dictionary<string, OptimizerHelper> { ["m"] = opt }, null); break;
            case "LoadModel": Checkpoint.LoadModel(path, fresh); break;
            case "InitializeFrom": Checkpoint.InitializeFrom(path, fresh); break;
            default: Checkpoint.Verify(path); break;
        }
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Read_BytesFlippedInTheMiddle_ThrowsCorruptNamingTheFile(string reader)
    {
        string path = Save("a.ckpt");
        FileDamage.FlipMiddle(path, 200);

        var act = () => Read(reader, path);

        act.Should().Throw<InvalidDataException>().WithMessage($"checkpoint '{path}' is corrupt: its SHA-256 checksum does not match*");
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Read_TruncatedRightAfterTheWeights_ThrowsTruncatedNamingTheFile(string reader)
    {
        // The same checkpoint without optimizer state ends with the weights, an int32 count (0) and the checksum.
        long weightsEnd = new FileInfo(Save("weights.ckpt", withOptimizer: false)).Length - 32 - 4;
        string path = Save("a.ckpt");
        long full = new FileInfo(path).Length;
        FileDamage.TruncateTo(path, weightsEnd);

        var act = () => Read(reader, path);

        act.Should().Throw<InvalidDataException>().WithMessage($"checkpoint '{path}' is truncated: it has {weightsEnd} of its {full} bytes");
    }

    [Fact]
    public void Verify_BytesAppended_ThrowsDamaged()
    {
        string path = Save("a.ckpt");
        File.AppendAllText(path, "tail");

        var act = () => Checkpoint.Verify(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"checkpoint '{path}' is damaged: it has 4 bytes more*");
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Read_OldFormatWithoutChecksum_ThrowsPointingToSeal(string reader)
    {
        string path = ToOldFormat(Save("old.ckpt"));

        var act = () => Read(reader, path);

        act.Should().Throw<InvalidDataException>().WithMessage($"checkpoint '{path}' has no checksum*`sdt checkpoint seal {path}`");
    }

    [Fact]
    public void Seal_OldFormat_AddsAChecksumAndLoadsTheSameWeightsAndCounters()
    {
        string path = ToOldFormat(Save("old.ckpt"));

        CheckpointFile.Seal(path);
        using var fresh = nn.Linear(64, 64);
        var state = Checkpoint.LoadModel(path, fresh);

        state.Should().Be(State);
        fresh.weight!.data<float>().ToArray().Should().Equal(_module.weight!.data<float>().ToArray());
        var again = () => CheckpointFile.Seal(path);
        again.Should().Throw<InvalidOperationException>().WithMessage("*already has a checksum*");
    }

    [Fact]
    public void Save_KeepPrevious_RenamesTheOldFileOnceTheNewOneIsComplete()
    {
        string last = _dir.Combine("last.ckpt"), prev = _dir.Combine("prev.ckpt");
        Checkpoint.Save(last, _module, Optimizers, State with { Step = 1 }, null, keepPreviousAs: prev);
        Checkpoint.Save(last, _module, Optimizers, State with { Step = 2 }, null, keepPreviousAs: prev);

        Checkpoint.Verify(last).Step.Should().Be(2);
        Checkpoint.Verify(prev).Step.Should().Be(1);
        Directory.GetFiles(_dir.Path).Select(Path.GetFileName).Should().BeEquivalentTo(["last.ckpt", "prev.ckpt"], "no temporary file is left");
    }

    /// <summary>Rewrites a checkpoint the way sdt wrote it before checksums: tag SDTCKPT1, then the payload.</summary>
    static string ToOldFormat(string path)
    {
        var bytes = File.ReadAllBytes(path);
        byte[] tag = [8, .. "SDTCKPT1"u8];
        File.WriteAllBytes(path, [.. tag, .. bytes[17..^32]]);
        return path;
    }
}
