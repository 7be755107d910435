using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Tests.Core.Training;
using SpeechDisentangle.Models.Tests.VoiceConversion.Common;
using SpeechDisentangle.Models.VoiceConversion.Adversarial;
using SpeechDisentangle.Models.VoiceConversion.Common;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.Adversarial;

/// <summary>
/// Stage one trained on synthetic voices and saved; stage two (the GAN patcher) initialised from that checkpoint,
/// with a copy of its weights taken before stage two trains.
/// </summary>
public sealed class GanPatcherFixture : IDisposable
{
    public const int StageOneSteps = 150;
    public const int StageTwoSteps = 150;

    public GanPatcherFixture()
    {
        using var dir = new TestDirectory();
        Trainer.SeedEverything(1);
        StageOne = new AdversarialVcObjective(new AdversarialVcModel(AdversarialVcFixture.Options(lambda: 0.1)));
        VcTraining.Fit(StageOne, StageOneSteps, dataSeed: 7, trainerSeed: 3, AdversarialVcFixture.Optimizer);
        string checkpoint = dir.Combine("stage1.ckpt");
        Checkpoint.Save(checkpoint, StageOne.Module, new Dictionary<string, TorchSharp.Modules.OptimizerHelper>(), new TrainerState(StageOneSteps, null, -1, 0), null);

        Trainer.SeedEverything(2);
        StageTwo = new AdversarialVcObjective(new AdversarialVcModel(StageTwoOptions()));
        InitReport = Checkpoint.InitializeFrom(checkpoint, StageTwo.Module);
        WeightsBefore = StageTwo.Module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        StageTwoResult = VcTraining.Fit(StageTwo, StageTwoSteps, dataSeed: 8, trainerSeed: 4, AdversarialVcFixture.Optimizer);
    }

    public static AdversarialVcOptions StageTwoOptions() => AdversarialVcFixture.Options(lambda: 0.1) with
    {
        Patcher = true,
        DiscriminatorChannels = 32,
    };

    public AdversarialVcObjective StageOne { get; }
    public AdversarialVcObjective StageTwo { get; }
    public WeightInitReport InitReport { get; }
    public Dictionary<string, Tensor> WeightsBefore { get; }
    public TrainResult StageTwoResult { get; }

    public void Dispose()
    {
        StageOne.Model.Dispose();
        StageTwo.Model.Dispose();
        foreach (var t in WeightsBefore.Values) t.Dispose();
    }
}

[Collection("torch")]
public class GanPatcherTests(GanPatcherFixture fixture, ITestOutputHelper output) : IClassFixture<GanPatcherFixture>
{
    [Fact]
    public void InitializeFrom_StageOneCheckpoint_CopiesStageOneAndKeepsPatcherFresh()
    {
        var report = fixture.InitReport;
        output.WriteLine(report.Summary());
        report.Copied.Should().BeEquivalentTo(fixture.StageOne.Module.state_dict().Keys);
        report.Kept.Should().NotBeEmpty().And.OnlyContain(k => k.StartsWith("_patcher.") || k.StartsWith("_discriminator."));
        report.Ignored.Should().BeEmpty();
    }

    [Fact]
    public void StageTwo_Training_LeavesEncoderDecoderAndCodeClassifierUnchanged()
    {
        var after = fixture.StageTwo.Module.state_dict();
        var stageOneKeys = fixture.InitReport.Copied;
        foreach (var key in stageOneKeys)
            after[key].allclose(fixture.WeightsBefore[key], rtol: 0, atol: 0).Should().BeTrue($"stage two must not move '{key}'");
        fixture.InitReport.Kept.Any(k => !after[k].allclose(fixture.WeightsBefore[k], rtol: 0, atol: 0)).Should().BeTrue("the patcher and its discriminator learn");
    }

    [Fact]
    public void PatcherAtStart_AddsNothing_SoConversionEqualsStageOne()
    {
        using var scope = NewDisposeScope();
        Trainer.SeedEverything(5);
        using var fresh = new AdversarialVcModel(GanPatcherFixture.StageTwoOptions());
        foreach (var (key, value) in fresh.state_dict())
            if (fixture.InitReport.Copied.Contains(key)) { using var _ = no_grad(); value.copy_(fixture.WeightsBefore[key]); }
        var mel = new SyntheticVoices(seed: 11).NextBatch(4).Get(VcBatchKeys.Mel);

        var stageOne = fixture.StageOne.Model.Convert(mel, targetSpeaker: 2);
        var patched = fresh.Convert(mel, targetSpeaker: 2);

        patched.allclose(stageOne, rtol: 1e-5, atol: 1e-6).Should().BeTrue("the patcher's output layer starts at zero");
    }

    /// <summary>
    /// What the patcher turn guarantees whatever the outcome of the GAN game: its loss flows into the patcher alone
    /// (never into the frozen stage one), and a small step along that gradient lowers the loss it reports against the
    /// same discriminator. How far training lowered it depends on the game, which moves with the CPU's kernels.
    /// </summary>
    [Fact]
    public void PatcherTurn_StepAlongItsGradient_LowersItsLossAndMovesOnlyThePatcher()
    {
        var objective = fixture.StageTwo;
        var model = objective.Model;
        model.eval();
        var batch = new SyntheticVoices(seed: 12).NextBatch(64);
        var patcher = model.PatcherParameters().ToList();
        var saved = patcher.Select(p => p.detach().clone()).ToList();
        double Loss(bool backward)
        {
            foreach (var p in objective.Module.parameters()) p.grad?.zero_();
            var turn = objective.Step(batch, GanPatcherTurns.PatcherTurn, Stage.Train, new StepContext(0, 1, CPU, new Generator(5, CPU)));
            if (backward) turn.Loss.backward();
            return turn.Loss.item<float>();
        }

        try
        {
            var before = Loss(backward: true);
            model.AutoencoderParameters().Where(p => p.grad is not null && p.grad.abs().max().item<float>() != 0f).Should().BeEmpty("stage one is frozen");
            var norm = Math.Sqrt(patcher.Sum(p => p.grad!.pow(2).sum().item<float>()));
            norm.Should().BeGreaterThan(0, "the patcher's loss reaches the patcher");
            using (no_grad())
                foreach (var p in patcher) p.sub_(p.grad! * (1e-3 / norm));
            var after = Loss(backward: false);
            output.WriteLine($"patcher loss {before:F6} -> {after:F6} after a step of length 1e-3 along -grad (|grad| {norm:G3})");

            after.Should().BeLessThan(before);
        }
        finally
        {
            using (no_grad())
                for (var i = 0; i < patcher.Count; i++) patcher[i].copy_(saved[i]);
        }
    }

    [Fact]
    public void StageTwo_Discriminator_LearnsTheSpeakersOfRealMel()
    {
        var accuracy = fixture.StageTwoResult.Valid!["d_spk_acc"];
        output.WriteLine($"held-out speaker accuracy of the patcher's discriminator: {accuracy:F3} (chance {1.0 / SyntheticVoices.Speakers})");
        accuracy.Should().BeGreaterThan(0.7);
    }

    [Fact]
    public void StageTwo_TurnsAndOptimizers_AreThePatchersOnly()
    {
        fixture.StageTwo.Turns.Should().Equal("discriminator", "patcher");
        var optimized = fixture.StageTwo.Optimizers.SelectMany(o => o.Parameters).Select(p => p.Handle).ToHashSet();
        optimized.Should().HaveCount(fixture.StageTwo.Model.PatcherParameters().Count() + fixture.StageTwo.Model.DiscriminatorParameters().Count());
        fixture.StageTwo.Model.AutoencoderParameters().Any(p => optimized.Contains(p.Handle)).Should().BeFalse();
    }

    [Fact]
    public void StageOneModel_PatcherCalls_ThrowNamingTheOption()
    {
        using var code = zeros(1, 16, 8);
        using var speakers = zeros(1, dtype: ScalarType.Int64);
        var act = () => fixture.StageOne.Model.Patch(code, speakers);
        act.Should().Throw<InvalidOperationException>().WithMessage("*model_options.patcher*");
    }
}
