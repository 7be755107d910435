using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Tests.Core.Training;
using SpeechDisentangle.Models.VoiceConversion.AdaIn;
using SpeechDisentangle.Models.VoiceConversion.Adversarial;
using SpeechDisentangle.Models.VoiceConversion.Data;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.Common;

[Collection("torch")]
public sealed class VcTaskTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "vctask-" + Guid.NewGuid().ToString("N"));

    public VcTaskTests() => TorchTestSetup.Init();

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Registry_VcTasks_AreRegistered()
    {
        ModelRegistry.Get("vc-adv").Should().BeOfType<VcAdversarialTask>();
        ModelRegistry.Get("vc-adain").Should().BeOfType<VcAdaInTask>();
    }

    [Fact]
    public void Train_VcAdaIn_ReconstructionFallsAndMetricsAreWritten()
    {
        string data = VcTestCorpus.Write(Path.Combine(_root, "feats"));
        string exp = Path.Combine(_root, "adain");
        var metrics = VcTaskTraining.Train("vc-adain", data, exp, steps: 60);

        var recon = VcTaskTraining.Logged(exp, "recon_l1");
        recon.Should().HaveCountGreaterThanOrEqualTo(3);
        recon[^1].Should().BeLessThan(0.7 * recon[0], "the autoencoder learns on the random segments");
        // Judges trained on real features must beat chance (2 words, 4 speakers) or the conversion metrics mean nothing.
        metrics["judge_word_acc_real"].Should().BeGreaterThan(0.8);
        metrics["judge_speaker_acc_real"].Should().BeGreaterThan(0.5);
        foreach (var key in new[] { "spk_acc_seen", "content_acc_seen", "spk_acc_unseen", "content_acc_unseen", "probe_speaker_acc_code", "probe_speaker_acc_mel" })
            metrics[key].Should().BeInRange(0, 1, key);
        metrics["mcd_seen"].Should().BePositive();
        metrics["mcd_source_seen"].Should().BePositive();
        File.Exists(Path.Combine(exp, "checkpoints", "last.ckpt")).Should().BeTrue();
        File.Exists(Path.Combine(exp, "plots", "conversion.png")).Should().BeTrue();
        VcSpeakerMap.Load(exp).Should().Equal("s1", "s2", "s3");
    }

    [Fact]
    public void Load_WithOverrides_AppliesThemForThisLoadOnlyAndKeepsTheWeights()
    {
        string checkpoint = TrainedCheckpoint("vc-adain", VcTestCorpus.Write(Path.Combine(_root, "feats")), "adain", steps: 5);

        var plain = Experiment.Load(checkpoint);
        var adapted = Experiment.Load(checkpoint, ["model_options.speaker_adapt_steps=7"]);
        var reloaded = Experiment.Load(checkpoint);

        Options(plain).SpeakerAdaptSteps.Should().Be(0);
        Options(adapted).SpeakerAdaptSteps.Should().Be(7);
        Options(reloaded).SpeakerAdaptSteps.Should().Be(0, "an override does not touch the experiment's config.yaml");
        var weights = plain.Model.Module.state_dict();
        foreach (var (name, value) in adapted.Model.Module.state_dict())
            value.eq(weights[name]).all().item<bool>().Should().BeTrue($"'{name}' comes from the same checkpoint");
        foreach (var e in new[] { plain, adapted, reloaded }) e.Model.Module.Dispose();

        static SpeechDisentangle.Models.VoiceConversion.AdaIn.AdaInVcOptions Options(LoadedExperiment e) =>
            ((SpeechDisentangle.Models.VoiceConversion.AdaIn.AdaInVcObjective)e.Model).Model.Options;
    }

    [Fact]
    public void Train_VcAdversarial_ReconstructionFallsAndUnseenSourcesAreScored()
    {
        string data = VcTestCorpus.Write(Path.Combine(_root, "feats"));
        string exp = Path.Combine(_root, "adv");
        var metrics = VcTaskTraining.Train("vc-adv", data, exp, steps: 60, "optimizers.autoencoder.learning_rate=1e-3");

        var recon = VcTaskTraining.Logged(exp, "recon_l1");
        recon[^1].Should().BeLessThan(0.7 * recon[0]);
        metrics.Should().ContainKeys("spk_acc_seen", "spk_acc_unseen_source", "content_acc_seen", "mcd_seen", "probe_speaker_acc_code");
        metrics.Should().NotContainKey("spk_acc_unseen", "the adversarial model has no one-shot targets");
    }

    [Fact]
    public void Train_VcAdversarialWithWrongSpeakerCount_ThrowsNamingTheSpeakers()
    {
        string data = VcTestCorpus.Write(Path.Combine(_root, "feats"));
        var act = () => VcTaskTraining.Train("vc-adv", data, Path.Combine(_root, "bad"), steps: 1, "model_options.speakers=5");
        act.Should().Throw<InvalidDataException>().WithMessage("*3 training speakers (s1, s2, s3)*model_options.speakers is 5*");
    }

    [Fact]
    public void Train_VcAdversarialPatcherFromStageOne_KeepsStageOneAndScoresConversions()
    {
        string data = VcTestCorpus.Write(Path.Combine(_root, "feats"));
        string checkpoint = TrainedCheckpoint("vc-adv", data, "adv", steps: 20);
        string stageTwo = Path.Combine(_root, "patcher");

        var metrics = VcTaskTraining.Train("vc-adv", data, stageTwo, steps: 20,
            "model_options.patcher=true", "model_options.discriminator_channels=16", $"trainer.init_from={checkpoint}");

        metrics.Should().ContainKeys("spk_acc_seen", "content_acc_seen", "mcd_seen");
        VcTaskTraining.Logged(stageTwo, "d_spk_acc").Should().NotBeEmpty("stage two runs the patcher's turns");
        using var one = Experiment.Load(checkpoint).Model.Module;
        using var two = Experiment.Load(Path.Combine(stageTwo, "checkpoints", "last.ckpt")).Model.Module;
        var after = two.state_dict();
        foreach (var (key, value) in one.state_dict())
            after[key].allclose(value, rtol: 0, atol: 0).Should().BeTrue($"stage two keeps stage one's '{key}'");
        after.Keys.Should().Contain(k => k.StartsWith("_patcher.", StringComparison.Ordinal));
    }

    [Fact]
    public void Train_VcAdaInWithAdversarialTermFromPlainCheckpoint_TrainsTheDiscriminatorAndReloads()
    {
        string data = VcTestCorpus.Write(Path.Combine(_root, "feats"));
        string plain = TrainedCheckpoint("vc-adain", data, "adain", steps: 10);
        string exp = Path.Combine(_root, "adaingan");

        var metrics = VcTaskTraining.Train("vc-adain", data, exp, steps: 10,
            "model_options.adversarial_weight=1", "model_options.discriminator_channels=4", $"trainer.init_from={plain}");

        metrics.Should().ContainKeys("spk_acc_seen", "spk_acc_unseen", "fine_structure_ratio_seen");
        VcTaskTraining.Logged(exp, "d_real").Should().NotBeEmpty("the discriminator has its own turn");
        VcTaskTraining.Logged(exp, "feature_matching").Should().NotBeEmpty();
        using var before = Experiment.Load(plain).Model.Module;
        using var after = Experiment.Load(Path.Combine(exp, "checkpoints", "last.ckpt")).Model.Module;
        before.state_dict().Keys.Should().NotContain(k => k.Contains("discriminator", StringComparison.OrdinalIgnoreCase));
        after.state_dict().Keys.Should().Contain(k => k.Contains("discriminator", StringComparison.OrdinalIgnoreCase))
            .And.Contain(before.state_dict().Keys);
    }

    [Fact]
    public void Train_InitFromMissingCheckpoint_ThrowsNamingTheFile()
    {
        string data = VcTestCorpus.Write(Path.Combine(_root, "feats"));
        string missing = Path.Combine(_root, "nowhere", "last.ckpt");
        var act = () => VcTaskTraining.Train("vc-adv", data, Path.Combine(_root, "x"), steps: 1, $"trainer.init_from={missing}");
        act.Should().Throw<FileNotFoundException>().WithMessage($"*{missing}*");
    }

    /// <summary>Trains MODEL for a few steps into _root/NAME; returns its last checkpoint.</summary>
    private string TrainedCheckpoint(string model, string data, string name, int steps)
    {
        string exp = Path.Combine(_root, name);
        VcTaskTraining.Train(model, data, exp, steps);
        return Path.Combine(exp, "checkpoints", "last.ckpt");
    }
}
