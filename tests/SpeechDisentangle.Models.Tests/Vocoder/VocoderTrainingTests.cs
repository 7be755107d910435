using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Vocoder;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Vocoder;

[Collection("torch")]
public class VocoderTrainingTests
{
    [Fact]
    public void Trainer_FewStepsOnOneFixedBatch_LowersTheLoss()
    {
        var options = new VocosOptions { NMels = 20, Channels = 16, IntermediateChannels = 32, Blocks = 1, StftResolutions = [64, 128] };
        Trainer.SeedEverything(0);
        var objective = new VocoderObjective(new VocosModel(options));
        int frames = 21, samples = (frames - 1) * objective.Model.Spec.HopLength;
        using var audio = stack([.. new[] { 150.0, 230.0 }.Select(f => tensor(TinyWavData.Tone(f, 1.1, samples / 16000.0)))]);
        using var logMel = new TorchLogMel(objective.Model.Spec);
        using var mel = logMel.LogMel(audio);
        using var source = new TensorBatchSource(new Dictionary<string, Tensor> { [VocoderObjective.AudioKey] = audio, [VocoderObjective.MelKey] = mel },
            batchSize: 2, shuffle: false);
        using var trainer = new Trainer(objective, new TrainerOptions { MaxSteps = 30, BatchSize = 2, LogEvery = 10, Progress = false });

        double before = trainer.Evaluate(source)["loss"];
        trainer.Fit(source);
        double after = trainer.Evaluate(source)["loss"];

        after.Should().BeLessThan(before);
        objective.Dispose();
        objective.Model.Dispose();
    }

    [Fact]
    public void Step_AudioNotMatchingItsMel_SaysBothShapes()
    {
        var objective = new VocoderObjective(new VocosModel(new VocosOptions { NMels = 20, Channels = 8, IntermediateChannels = 8, Blocks = 0 }));
        using var audio = zeros(1, 1000);
        using var mel = zeros(1, 20, 10);
        var batch = new Batch { [VocoderObjective.AudioKey] = audio, [VocoderObjective.MelKey] = mel };
        var act = () => objective.Step(batch, VocoderObjective.MainTurn, Stage.Train, new StepContext(0, 0, CPU, null));
        act.Should().Throw<ArgumentException>().WithMessage("*10 frames*[B, 1440]*");
        objective.Dispose();
        objective.Model.Dispose();
    }
}
