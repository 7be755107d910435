using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Cli.Output;

namespace SpeechDisentangle.Cli.Tests.Output;

public class ConsoleProgressBarTests
{
    static string[] Lines(StringWriter w) => w.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Report_LogFileRun_PrintsTheFirstUnitAndTheFinishedCountOnce()
    {
        using var log = new StringWriter();
        using (var bar = new ConsoleProgressBar(log, interactive: false))
        {
            var counter = new ProgressCounter(bar, "features", 3, "utt");
            for (int i = 0; i < 3; i++) counter.Advance();
        }

        // The first unit is printed at once and the finished count once (disposing does not repeat it); between
        // them a line only every 5 s.
        Lines(log)[0].Should().StartWith("features [##########....................]  33.3% 1/3");
        Lines(log)[^1].Should().StartWith("features [##############################] 100.0% 3/3").And.Contain("utt/s");
        Lines(log).Count(l => l.Contains(" 3/3 ", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public void Report_OutOfOrderFromParallelWorkers_KeepsTheFurthestCount()
    {
        using var log = new StringWriter();
        using (var bar = new ConsoleProgressBar(log, interactive: false))
        {
            bar.Report(new WorkProgress("extract", 0, 10, "utt"));
            bar.Report(new WorkProgress("extract", 7, 10, "utt"));
            bar.Report(new WorkProgress("extract", 6, 10, "utt"));
        }

        Lines(log)[^1].Should().Contain(" 7/10 ");
    }

    [Fact]
    public void Report_NextTask_EndsTheLineOfTheOneBefore()
    {
        using var screen = new StringWriter();
        using (var bar = new ConsoleProgressBar(screen, interactive: true))
        {
            bar.Report(new WorkProgress("train", 0, 2, "step"));
            bar.Report(new WorkProgress("train", 1, 2, "step", "loss=0.3"));
            bar.Report(new WorkProgress("extract", 0, 5, "utt"));
        }

        string text = screen.ToString();
        text.Should().StartWith("\rtrain [");
        // Blanks may follow: they clear the end of a longer line drawn before.
        text.Should().MatchRegex("loss=0\\.3 *" + Environment.NewLine, "the train line ends before the next task's");
        Lines(screen)[^1].Should().StartWith("\rextract [").And.Contain(" 0/5 ");
    }

    [Fact]
    public void Report_ShorterLineAfterALongerOne_BlanksTheLongersEnd()
    {
        using var screen = new StringWriter();
        using (var bar = new ConsoleProgressBar(screen, interactive: true))
        {
            bar.Report(new WorkProgress("train", 1, 2, "step", "loss_disc=0.25 loss_main=1.5 and a long note"));
            bar.Report(new WorkProgress("train", 2, 2, "step", "x"));
        }

        var redraws = screen.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        redraws.Length.Should().BeGreaterThanOrEqualTo(2);
        redraws[1].TrimEnd('\n', '\r').Length.Should().BeGreaterThanOrEqualTo(redraws[0].Length, "the shorter line is padded over the longer");
    }

    [Fact]
    public void Report_LineWiderThanTheTerminal_IsCutToFit()
    {
        using var screen = new StringWriter();
        using (var bar = new ConsoleProgressBar(screen, interactive: true, width: () => 40))
            bar.Report(new WorkProgress("train", 1, 2, "step", "loss_disc=0.25 loss_main=1.5"));

        screen.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries)
            .Should().OnlyContain(line => line.TrimEnd('\n', '\r').Length <= 39);
    }
}
