using SpeechDisentangle.Cli.Bench;

namespace SpeechDisentangle.Cli.Tests.Bench;

public sealed class StreamingBenchCorpusTests : IDisposable
{
    readonly string _root = Path.Combine(Path.GetTempPath(), "sdt-benchcorpus-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void CompleteCorpus_IsReused_AndADamagedMarkerIsNamed()
    {
        long bytes = StreamingBenchCorpus.Ensure(_root, hours: 0.01, TextWriter.Null);
        string marker = Path.Combine(_root, "complete");
        File.ReadAllText(marker).Should().Be(bytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.ReadAllLines(Path.Combine(_root, "train", "utt2spk")).Should().NotBeEmpty();
        Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Should().NotContain(n => n!.Contains(".tmp", StringComparison.Ordinal));
        StreamingBenchCorpus.Ensure(_root, hours: 0.01, TextWriter.Null).Should().Be(bytes);

        File.WriteAllText(marker, "12 GB");
        var damaged = () => StreamingBenchCorpus.Ensure(_root, hours: 0.01, TextWriter.Null);

        damaged.Should().Throw<InvalidDataException>().WithMessage($"*{marker}*'12 GB'*--work*");
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
