using SpeechDisentangle.Audio.Common;

namespace SpeechDisentangle.Audio.Tests.Common;

public class ProgressCounterTests
{
    /// <summary>Keeps every report, as a synchronous receiver (Progress&lt;T&gt; would post them to the thread pool).</summary>
    sealed class Recorder : IProgress<WorkProgress>
    {
        public List<WorkProgress> Reports { get; } = [];

        public void Report(WorkProgress value)
        {
            lock (Reports) Reports.Add(value);
        }
    }

    [Fact]
    public void Advance_TwoUnitsAndANote_ReportsStartThenEachCountWithTheLatestNote()
    {
        var sink = new Recorder();

        var counter = new ProgressCounter(sink, "train", 3, "step");
        counter.Advance();
        counter.Advance(0, "loss=0.5");
        counter.Advance();

        sink.Reports.Should().Equal(
            new WorkProgress("train", 0, 3, "step"),
            new WorkProgress("train", 1, 3, "step"),
            new WorkProgress("train", 1, 3, "step", "loss=0.5"),
            new WorkProgress("train", 2, 3, "step", "loss=0.5"));
        counter.Done.Should().Be(2);
    }

    [Fact]
    public void Advance_FromParallelWorkers_CountsEveryUnitOnce()
    {
        var sink = new Recorder();
        var counter = new ProgressCounter(sink, "features", 1000, "utt");

        Parallel.For(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => counter.Advance());

        counter.Done.Should().Be(1000);
        sink.Reports.Should().HaveCount(1001);
        sink.Reports.Max(r => r.Done).Should().Be(1000);
        sink.Reports.Select(r => r.Done).Distinct().Should().HaveCount(1001, "each advance reports its own count");
    }

    [Fact]
    public void Advance_WithoutReceiver_OnlyCounts()
    {
        var counter = new ProgressCounter(null, "synth-digits", 2, "utt");

        counter.Advance(2);

        counter.Done.Should().Be(2);
    }
}
