namespace SpeechDisentangle.Cli.Tests.DataParallel;

/// <summary>
/// `mpirun -n 2 sdt train` as a user runs it: two ranks that each take half of every batch end with the weights of
/// one process that takes the whole batch; a resumed run continues exactly; a rank that dies or fails ends the job.
/// </summary>
[Collection("cli")]
public sealed class DataParallelTrainTests(DannDigitsRuns runs) : IClassFixture<DannDigitsRuns>
{
    const double Tolerance = 1e-5;

    [MpiFact]
    public void Train_TwoRanksWithHalfOfEachBatch_EndWithTheWeightsOfOneProcessWithTheWholeBatch()
    {
        var (difference, tensor) = DannDigitsRuns.LargestDifference(runs.OneProcess, runs.TwoRanks);

        difference.Should().BeLessThanOrEqualTo(Tolerance, "the two ranks average the gradients of the rows one process sees (largest difference in {0})", tensor);
        // The check can tell: one process that sees only half a batch (what one rank sees) ends elsewhere.
        string half = runs.Train("half", ranks: 1, "--set", $"trainer.batch_size={DannDigitsRuns.BatchSize / 2}");
        DannDigitsRuns.LargestDifference(half, runs.TwoRanks).Difference.Should().BeGreaterThan(100 * Tolerance);
    }

    [MpiFact]
    public void Train_TwoRanksResumedHalfway_EndExactlyWhereTheUninterruptedRunEnds()
    {
        string resumed = runs.Train("resumed", ranks: 2, "--set", $"trainer.max_steps={DannDigitsRuns.Steps / 2}");
        runs.Train("resumed", ranks: 2, "--resume");

        DannDigitsRuns.LargestDifference(resumed, runs.TwoRanks).Difference.Should().Be(0);
        // Rank 0 alone logged: the metrics hold each row once, as one process writes them.
        File.ReadAllLines(Path.Combine(resumed, "metrics.jsonl")).Should().HaveSameCount(File.ReadAllLines(Path.Combine(runs.OneProcess, "metrics.jsonl")));
    }

    [MpiFact]
    public void Train_RankKilledMidway_EndsEveryRankWithANonZeroExitThatMpirunReports()
    {
        string job = Guid.NewGuid().ToString("N");
        string exp = Path.Combine(runs.Root, "killed");
        string metrics = Path.Combine(exp, "metrics.jsonl");
        using var run = DannDigitsRuns.Start(2, [.. runs.Args(exp), "--set", "trainer.max_steps=1000000", "--set", "trainer.log_every=1"], job);
        // Killed once training is under way: rank 0 has logged a few steps.
        while (!run.Process.HasExited && (!File.Exists(metrics) || File.ReadLines(metrics).Count() < 10)) Thread.Sleep(50);
        run.Process.HasExited.Should().BeFalse(run.Output);
        var rank1 = DannDigitsRuns.Processes(job, rank: 1);
        rank1.Should().ContainSingle("rank 1 runs under this job's mpirun");

        SdtProcess.Signal(rank1[0], "KILL");

        run.WaitForExit().Should().NotBe(0, run.Output);
        run.Output.Should().Contain("BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES", "mpirun reports the failed job");
        // Which death mpirun reports first is a race: the killed rank, or the survivor whose transport aborts on
        // finding its peer gone (UCX's process_vm_readv: "No such process", then SIGABRT).
        run.Output.Should().Match(o => o.Contains("Killed (signal 9)") || o.Contains("Aborted (signal 6)"), run.Output);
        DannDigitsRuns.Survivors(job).Should().BeEmpty("no rank is left waiting for the dead one");
    }

    [MpiFact]
    public void Train_RankStopsAnswering_TheOtherGivesUpAtTheWaitLimitAndEndsTheJob()
    {
        // A frozen rank (SIGSTOP) is what a dead one looks like to a launcher that does not end the job (srun without --kill-on-bad-exit).
        string job = Guid.NewGuid().ToString("N");
        string exp = Path.Combine(runs.Root, "frozen");
        string metrics = Path.Combine(exp, "metrics.jsonl");
        using var run = DannDigitsRuns.Start(2, [.. runs.Args(exp), "--set", "trainer.max_steps=1000000", "--set", "trainer.log_every=1"], job,
            waitLimitSeconds: 3);
        while (!run.Process.HasExited && (!File.Exists(metrics) || File.ReadLines(metrics).Count() < 10)) Thread.Sleep(50);
        run.Process.HasExited.Should().BeFalse(run.Output);
        var rank1 = DannDigitsRuns.Processes(job, rank: 1);
        rank1.Should().ContainSingle();

        SdtProcess.Signal(rank1[0], "STOP");

        run.WaitForExit().Should().NotBe(0, run.Output);
        run.Output.Should().Contain("sdt train: error on rank 0 of 2: rank 0 waited 3 s in ").And.Contain("one has probably died").And.Contain("; ending every rank");
        DannDigitsRuns.Survivors(job).Should().BeEmpty("MPI_Abort ends the frozen rank too");
    }

    [MpiFact]
    public void Train_OneRankFails_EveryRankEndsAndTheErrorNamesTheRank()
    {
        string job = Guid.NewGuid().ToString("N");
        string exp = Path.Combine(runs.Root, "failed");
        string missing = Path.Combine(runs.Root, "no-such-data");
        // Rank 1 alone is given a data folder that does not exist, so rank 0 is already waiting for it when it fails.
        using var run = DannDigitsRuns.StartEach([runs.Args(exp), runs.Args(exp, data: missing)], job);

        run.WaitForExit().Should().NotBe(0, run.Output);
        run.Output.Should().Contain("sdt train: error on rank 1 of 2: ").And.Contain(missing).And.Contain("; ending every rank");
        DannDigitsRuns.Survivors(job).Should().BeEmpty();
    }
}
