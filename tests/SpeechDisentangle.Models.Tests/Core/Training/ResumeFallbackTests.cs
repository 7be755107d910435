using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Training;

/// <summary>
/// Resuming from damaged or missing checkpoints, and what it does to the metrics files: a run stopped at step 12
/// (checkpoints every 5 steps: last.ckpt = 12, prev.ckpt = 10) and resumed must leave exactly the files of one
/// straight run to step 20.
/// </summary>
[Collection("torch")]
public sealed class ResumeFallbackTests : IDisposable
{
    const long Total = 20;
    const long Stop = 12;
    readonly TestDirectory _straight = new();
    readonly TestDirectory _stopped = new();

    public ResumeFallbackTests() => TorchTestSetup.Init();

    public void Dispose()
    {
        _straight.Dispose();
        _stopped.Dispose();
    }

    [Fact]
    public void Fit_ResumeWithCorruptLast_FallsBackToPrevSaysSoAndEndsLikeOneRun()
    {
        var straight = Run(_straight.Path, stopAfter: null, resume: false);
        Run(_stopped.Path, stopAfter: Stop, resume: false);
        string last = _stopped.Combine("checkpoints", "last.ckpt"), prev = _stopped.Combine("checkpoints", "prev.ckpt");
        FileDamage.FlipMiddle(last, 200);
        var warnings = new StringWriter();

        var resumed = Run(_stopped.Path, stopAfter: null, resume: true, warnings);

        warnings.ToString().Should().Contain($"checkpoint '{last}' is corrupt")
            .And.Contain($"; set aside as {last}.unverified")
            .And.Contain($"resuming from {prev} (step 10)");
        for (int i = 0; i < straight.Count; i++)
            resumed[i].Should().Equal(straight[i], $"parameter {i} must match bit for bit after resuming from prev.ckpt");
        MetricsFilesShouldEqualTheStraightRun();
        File.Exists(last + ".unverified").Should().BeTrue("the damaged file is kept for a look");
    }

    [Fact]
    public void Fit_ResumeAfterKillBetweenLogAndCheckpoint_DropsTheRowsAfterTheCheckpointAndTornLines()
    {
        Run(_straight.Path, stopAfter: null, resume: false);
        Run(_stopped.Path, stopAfter: Stop, resume: false);
        // As if killed after logging step 12 but before checkpointing it, in the middle of writing a row.
        string last = _stopped.Combine("checkpoints", "last.ckpt");
        File.Move(_stopped.Combine("checkpoints", "prev.ckpt"), last, overwrite: true);
        File.AppendAllText(_stopped.Combine("metrics.jsonl"), """{"step":14,"stage":"tr""");
        File.AppendAllText(_stopped.Combine("metrics.csv"), "1");
        var warnings = new StringWriter();

        Run(_stopped.Path, stopAfter: null, resume: true, warnings);

        warnings.ToString().Should().MatchRegex(@"dropped \d+ metrics row\(s\) after step 10");
        MetricsFilesShouldEqualTheStraightRun();
    }

    [Fact]
    public void Fit_ResumeWhenNoCheckpointVerifies_ThrowsNamingEachFileAndOverwriteAndKeepsTheMetrics()
    {
        Run(_stopped.Path, stopAfter: Stop, resume: false);
        string last = _stopped.Combine("checkpoints", "last.ckpt"), prev = _stopped.Combine("checkpoints", "prev.ckpt");
        FileDamage.FlipMiddle(last, 200);
        FileDamage.TruncateTo(prev, 1000);
        var metrics = File.ReadAllBytes(_stopped.Combine("metrics.jsonl"));

        var act = () => Run(_stopped.Path, stopAfter: null, resume: true);

        act.Should().Throw<InvalidDataException>()
            .WithMessage($"cannot resume*no checkpoint verifies*'{last}' is corrupt*'{prev}' is truncated*--overwrite*");
        File.ReadAllBytes(_stopped.Combine("metrics.jsonl")).Should().Equal(metrics);
    }

    [Fact]
    public void Fit_FreshTrainerIntoAFolderHoldingARun_Throws()
    {
        Run(_stopped.Path, stopAfter: Stop, resume: false);

        var act = () => Run(_stopped.Path, stopAfter: null, resume: false);

        act.Should().Throw<InvalidOperationException>().WithMessage($"'{_stopped.Path}' already holds a run (checkpoints, tensorboard, metrics.jsonl, metrics.csv)*");
    }

    [Fact]
    public void Fit_NonFiniteLossAfterLastCheckpointWasDamaged_NamesTheNewestThatVerifies()
    {
        string last = _stopped.Combine("checkpoints", "last.ckpt"), best = _stopped.Combine("checkpoints", "best.ckpt");
        // Checkpoints at 5 and 10 (best.ckpt at 5 or 10); last.ckpt and best.ckpt are damaged at step 12; the NaN from
        // step 13 is found at step 15.
        var model = new NanAfterObjective(nanFrom: 13, beforeStep: s =>
        {
            if (s != 12) return;
            FileDamage.FlipMiddle(last, 8);
            FileDamage.FlipMiddle(best, 8);
        });
        using var source = TrainerTests.OneRowSource();
        using var trainer = new Trainer(model, new TrainerOptions { MaxSteps = 20, LogEvery = 5, CheckpointEvery = 5, Progress = false },
            _stopped.Path, log: TextWriter.Null);

        var act = () => trainer.Fit(source);

        var error = act.Should().Throw<NonFiniteLossException>().Which;
        error.LastGoodCheckpoint.Should().Be(_stopped.Combine("checkpoints", "prev.ckpt"));
        error.Message.Should().Contain("Last good checkpoint (verified): " + error.LastGoodCheckpoint);
        Checkpoint.Verify(error.LastGoodCheckpoint!).Step.Should().Be(5);
    }

    void MetricsFilesShouldEqualTheStraightRun()
    {
        foreach (string name in new[] { "metrics.jsonl", "metrics.csv" })
            File.ReadAllLines(_stopped.Combine(name)).Should().Equal(File.ReadAllLines(_straight.Combine(name)), $"{name} must hold each row once");
        Directory.GetFiles(_stopped.Combine("tensorboard"), "events.out.tfevents*").Should().ContainSingle("TensorBoard is rewritten from metrics.jsonl");
    }

    /// <summary>Dropout, input noise and shuffled batches: a resume is only exact if every RNG state comes back.</summary>
    static List<float[]> Run(string dir, long? stopAfter, bool resume, TextWriter? warnings = null)
    {
        Trainer.SeedEverything(resume ? 999 : 3);
        var (x, y) = ToyData.Blobs(12, seed: 5);
        using var source = new TensorBatchSource(new Dictionary<string, Tensor> { ["x"] = x, ["y"] = y }, batchSize: 8);
        var model = new MlpClassifier(2, 8, 3, dropout: 0.3) { InputNoise = 0.5 };
        // A validation set evaluated only at the end keeps best.ckpt out of the way until step 20.
        var options = new TrainerOptions { MaxSteps = Total, LogEvery = 2, CheckpointEvery = 5, Progress = false, Seed = 11 };
        using var trainer = new Trainer(model, options, dir, log: TextWriter.Null, warnings: warnings ?? TextWriter.Null);
        trainer.Fit(source, source, resume: resume, stopAfter: stopAfter);
        return model.Module.parameters().Select(p => p.data<float>().ToArray()).ToList();
    }
}
