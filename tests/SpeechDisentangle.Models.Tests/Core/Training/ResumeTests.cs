using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Training;

[Collection("torch")]
public class ResumeTests
{
    public ResumeTests() => TorchTestSetup.Init();

    const long K = 13;
    const long Total = 2 * K;

    [Fact]
    public void Fit_StopAndResume_GivesBitwiseTheSameWeightsAsOneRun()
    {
        using var dirA = new TestDirectory();
        using var dirB = new TestDirectory();
        var straight = Run(dirA.Path, stopAfter: null, resume: false);

        Run(dirB.Path, stopAfter: K, resume: false);
        var resumed = Run(dirB.Path, stopAfter: null, resume: true);

        straight.Should().HaveSameCount(resumed);
        for (int i = 0; i < straight.Count; i++)
            resumed[i].Should().Equal(straight[i], $"parameter {i} must match bit for bit");
    }

    /// <summary>
    /// Adam with a cosine schedule, dropout (torch's global generator), input noise (the run generator) and shuffled
    /// batches whose epoch boundary (5 batches) does not line up with the stop at step 13.
    /// </summary>
    static List<float[]> Run(string dir, long? stopAfter, bool resume)
    {
        Trainer.SeedEverything(resume ? 999 : 3); // a resumed run must not depend on the fresh init
        var (x, y) = ToyData.Blobs(12, seed: 5);
        using var source = new TensorBatchSource(new Dictionary<string, Tensor> { ["x"] = x, ["y"] = y }, batchSize: 8);
        var model = new MlpClassifier(2, 8, 3, dropout: 0.3) { InputNoise = 0.5 };
        var options = new TrainerOptions
        {
            MaxSteps = Total, LogEvery = 4, Progress = false, Seed = 11,
            Schedules = new Dictionary<string, LrScheduleOptions> { ["model"] = new() { Kind = LrScheduleKind.Cosine, WarmupSteps = 3 } },
        };
        using var trainer = new Trainer(model, options, dir, log: TextWriter.Null);
        trainer.Fit(source, resume: resume, stopAfter: stopAfter);
        trainer.Step.Should().Be(stopAfter ?? Total);
        return model.Module.parameters().Select(p => p.data<float>().ToArray()).ToList();
    }
}
