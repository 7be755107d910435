using NAudio.Wave;
using SpeechDisentangle.Audio.IO;
using static SpeechDisentangle.Audio.Tests.IO.RiffBytes;

namespace SpeechDisentangle.Audio.Tests.IO;

/// <summary>
/// Why WAV reading stays the project's own code (<see cref="WavStreamReader"/>) while writing is NAudio's: each test
/// gives NAudio 2.2.1's WaveFileReader a file the project must read (or must refuse with file and byte offset) and
/// shows what NAudio does instead, next to what the project's reader does. When an NAudio upgrade makes one of these
/// fail, that gap has closed and the case could move to NAudio.
/// </summary>
public sealed class NAudioReaderGapsTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Opens the file with NAudio and reads its first samples as floats, as a reader of ours would.</summary>
    static (long DataBytes, float[] Samples) NAudioRead(string path)
    {
        using var reader = new WaveFileReader(path);
        var samples = new float[64 * reader.WaveFormat.Channels];
        int n = reader.ToSampleProvider().Read(samples, 0, samples.Length);
        return (reader.Length, samples[..n]);
    }

    [Fact]
    public void Pipe_NAudioNeedsASeekableStream_OwnReaderStreams()
    {
        byte[] file = Wave(Fmt(1, 1, 16000, 16), DataChunk(Int16s([5, -5])));

        FluentActions.Invoking(() => new WaveFileReader(new ForwardOnlyStream(file))).Should().Throw<NotSupportedException>();
        using var ours = new WavStreamReader(new ForwardOnlyStream(file), "cmd |");
        var buf = new float[4];
        ours.ReadFrames(buf).Should().Be(2);
    }

    [Fact]
    public void Rifx_NAudioRejectsIt_OwnReaderDecodes()
    {
        string path = _dir.Write("x.wav", Wave(true, Fmt(1, 1, 16000, 16, bigEndian: true), DataChunk(Int16s([-2, 1000], bigEndian: true), bigEndian: true)));

        FluentActions.Invoking(() => NAudioRead(path)).Should().Throw<FormatException>().WithMessage("*no RIFF header*");
        AudioReader.Read(path).Channels[0].Should().Equal(-2 / 32768f, 1000 / 32768f);
    }

    [Fact]
    public void StreamedDataSize_NAudioPromises4GiB_OwnReaderCountsWhatIsThere()
    {
        string path = _dir.Write("s.wav", Wave(Fmt(1, 1, 16000, 16), DataChunk(Int16s([1, 2, 3]), sizeOverride: 0xFFFFFFFF)));

        NAudioRead(path).DataBytes.Should().Be(0xFFFFFFFF, "NAudio takes the placeholder for the length");
        using var ours = AudioReader.Open(path);
        ours.TotalFrames.Should().Be(3, "the frames the file holds");
    }

    [Fact]
    public void DataChunkLongerThanFile_NAudioAcceptsItSilently_OwnReaderNamesFileAndOffset()
    {
        string path = _dir.Write("cut.wav", Wave(Fmt(1, 1, 16000, 16), DataChunk(Int16s([1, 2, 3]), sizeOverride: 1000)));

        var (bytes, samples) = NAudioRead(path);
        bytes.Should().Be(1000, "NAudio reports the claimed size, not the 6 bytes present");
        samples.Should().HaveCount(3);
        FluentActions.Invoking(() => AudioReader.Read(path)).Should().Throw<AudioFormatException>()
            .Which.Offset.Should().Be(36);
    }

    [Fact]
    public void BlockAlignAgainstChannelsAndBits_NAudioDecodesIt_OwnReaderRefuses()
    {
        string path = _dir.Write("a.wav", Wave(Fmt(1, 2, 8000, 16, blockAlign: 2), DataChunk([1, 2, 3, 4])));

        NAudioRead(path).Samples.Should().NotBeEmpty();
        FluentActions.Invoking(() => AudioReader.Read(path)).Should().Throw<AudioFormatException>().WithMessage("*block align is 2*");
    }

    [Fact]
    public void Extensible24Bit_NAudioCannotConvertIt_OwnReaderDecodes()
    {
        int[] s = [0x7FFFF0, -0x800000];
        string path = _dir.Write("e.wav", Wave(FmtExtensible(1, 1, 16000, 24, 20, 0x4), DataChunk(Int24s(s))));

        FluentActions.Invoking(() => NAudioRead(path)).Should().Throw<ArgumentException>().WithMessage("Unsupported source encoding*");
        AudioReader.Read(path).Channels[0].Should().Equal(s.Select(v => v / 8388608f));
    }

    [Fact]
    public void TruncatedFmtChunk_NAudioErrorNamesNoFileNorOffset_OwnErrorDoes()
    {
        string path = _dir.Write("t.wav", Wave(Fmt(1, 1, 16000, 16)[..14]));

        FluentActions.Invoking(() => NAudioRead(path)).Should().Throw<EndOfStreamException>()
            .Which.Message.Should().NotContain("t.wav");
        var ours = FluentActions.Invoking(() => AudioReader.Read(path)).Should().Throw<AudioFormatException>().Which;
        ours.Message.Should().StartWith(path).And.Contain("truncated fmt chunk");
        ours.Offset.Should().Be(12);
    }

    [Fact]
    public void NonFiniteFloatSample_NAudioPassesItOn_OwnReaderRefuses()
    {
        string path = _dir.Write("n.wav", Wave(Fmt(3, 1, 8000, 32), DataChunk(Floats([0.1f, float.NaN]))));

        NAudioRead(path).Samples[1].Should().Be(float.NaN);
        FluentActions.Invoking(() => AudioReader.Read(path)).Should().Throw<AudioFormatException>().WithMessage("*sample 1 of channel 0*NaN*");
    }
}
