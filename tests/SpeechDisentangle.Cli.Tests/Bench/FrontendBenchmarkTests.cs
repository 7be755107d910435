using SpeechDisentangle.Cli.Bench;

namespace SpeechDisentangle.Cli.Tests.Bench;

public class FrontendBenchmarkTests
{
    [Fact]
    public void Run_ShortAudio_ReportsEveryPresetWithItsFrameCount()
    {
        using var writer = new StringWriter();

        var results = FrontendBenchmark.Run(writer, seconds: 2, sampleRate: 16000, repeats: 1);

        results.Select(r => r.Preset).Should().Equal("kaldi", "htk", "slaney");
        results.Select(r => r.Frames).Should().Equal(198, 201, 201);
        results.Should().OnlyContain(r => r.RealTimeFactor > 0 && r.BestBlockRealTimeFactor > 0);
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(3)
            .And.OnlyContain(line => line.Contains("x real time", StringComparison.Ordinal));
    }
}
