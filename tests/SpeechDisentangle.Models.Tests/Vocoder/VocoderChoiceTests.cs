using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Vocoder;

namespace SpeechDisentangle.Models.Tests.Vocoder;

[Collection("torch")]
public sealed class VocoderChoiceTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "vocoder-choice-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private string TrainTiny(int nMels, params string[] extra)
    {
        string data = TinyWavData.Write(Path.Combine(_root, "data"), speakers: 3, perSpeaker: 4, seconds: 0.3);
        var config = Experiment.LoadConfig("vocoder", null,
        [
            $"model_options.n_mels={nMels}", "model_options.channels=8", "model_options.intermediate_channels=8", "model_options.blocks=1",
            "model_options.stft_resolutions=[64]", "trainer.max_steps=2", "trainer.batch_size=2", "trainer.progress=false",
            "data.segment_frames=10", "data.batches_per_epoch=2", "data.unseen_speakers=2", "data.test_every=2",
            "data.eval_utterances=2", "data.judge_steps=2", .. extra,
        ]);
        string exp = Path.Combine(_root, "exp");
        var metrics = Experiment.Train(config, data, exp, resume: false, TextWriter.Null);
        metrics.Should().ContainKeys("lsd_griffin_lim", "lsd_neural", "mcd_neural", "rtf_neural", "spk_acc_neural", "spk_nll_neural", "judge_spk_nll_real");
        metrics["spk_nll_neural"].Should().BeGreaterThan(0).And.NotBe(double.PositiveInfinity);
        return Path.Combine(exp, "checkpoints", "last.ckpt");
    }

    [Fact]
    public void Load_CheckpointOfAnotherMel_NamesBothFrontEndsAndTheWayOut()
    {
        string checkpoint = TrainTiny(nMels: 20);

        using (var vocoder = VocoderChoice.Load(checkpoint, VocosModel.SpecFor(20)))
            vocoder.Spec.Should().Be(VocosModel.SpecFor(20));
        var act = () => VocoderChoice.Load(checkpoint, VocosModel.SpecFor(80));

        act.Should().Throw<ArgumentException>()
            .WithMessage("*--vocoder*inverts 20 Slaney mel bands*model's mel is 80 Slaney mel bands*n_mels=80*griffin-lim*");
    }

    [Fact]
    public void Load_CheckpointTrainedWithDiscriminators_SynthesizesWithTheGenerator()
    {
        string checkpoint = TrainTiny(20, "model_options.discriminator=mpd_mrd", "model_options.discriminator_channels=2",
            "model_options.periods=[2,3]", "model_options.discriminator_resolutions=[64]");

        using var vocoder = VocoderChoice.Load(checkpoint, VocosModel.SpecFor(20));
        using var mel = TorchSharp.torch.randn(20, 6) - 10;
        using var audio = vocoder.Synthesize(mel);
        audio.shape.Should().Equal(5 * vocoder.Spec.HopLength);
    }

    [Fact]
    public void Load_WithOverrides_ChangesTheRefinementOfAResidualVocoder()
    {
        string checkpoint = TrainTiny(20, "model_options.magnitude_residual=true", "model_options.phase_refinement_iterations=4");

        using var scope = TorchSharp.torch.NewDisposeScope();
        var mel = TorchSharp.torch.randn(20, 12) - 10;
        using var refined = VocoderChoice.Load(checkpoint, VocosModel.SpecFor(20));
        using var plain = VocoderChoice.Load(checkpoint, VocosModel.SpecFor(20), overrides: ["model_options.phase_refinement_iterations=0"]);
        var a = refined.Synthesize(mel);
        var b = plain.Synthesize(mel);

        a.shape.Should().Equal(b.shape);
        (a - b).abs().max().item<float>().Should().BeGreaterThan(0, "the override turns the refinement off");
        foreach (var key in new[] { "model_options.no_such_key=1", "model_options.magnitude_residual=false", "model_options.feature_scale=2" })
        {
            var act = () => VocoderChoice.Load(checkpoint, VocosModel.SpecFor(20), overrides: [key]);
            act.Should().Throw<ArgumentException>().WithMessage($"*--vocoder-set {key}*only the synthesis settings*", key);
        }
    }

    [Fact]
    public void Load_MissingFile_SaysItIsNeitherGriffinLimNorACheckpoint()
    {
        var act = () => VocoderChoice.Load(Path.Combine(_root, "nope.ckpt"), VocosModel.SpecFor(80));
        act.Should().Throw<FileNotFoundException>().WithMessage("*--vocoder*neither 'griffin-lim' nor an existing checkpoint*");
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("griffin-lim", true)]
    [InlineData("Griffin-Lim", true)]
    [InlineData("exp/v/checkpoints/last.ckpt", false)]
    public void IsGriffinLim_NameOrNothing(string? choice, bool expected) => VocoderChoice.IsGriffinLim(choice).Should().Be(expected);
}
