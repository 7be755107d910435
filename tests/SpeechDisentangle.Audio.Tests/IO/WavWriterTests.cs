using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Audio.Tests.IO;

public sealed class WavWriterTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Write_Pcm16Stereo_RoundTripsExactly()
    {
        float[] left = [.. Enumerable.Range(-50, 101).Select(k => k * 300 / 32768f)];
        float[] right = [.. left.Select(x => -x)];
        string path = _dir.File("out/stereo.wav");

        WavWriter.Write(path, new AudioData([left, right], 24000));
        AudioData back = AudioReader.Read(path);

        back.SampleRate.Should().Be(24000);
        back.Channels[0].Should().Equal(left);
        back.Channels[1].Should().Equal(right);
        Directory.GetFiles(Path.GetDirectoryName(path)!).Should().ContainSingle("the temp file is renamed into place");
    }

    [Fact]
    public void Write_Float32_RoundTripsExactlyAndSoxAcceptsIt()
    {
        float[] x = [0.1f, -0.123456f, 0.9999f, -1f];
        string path = _dir.File("f.wav");

        WavWriter.Write(path, AudioData.Mono(x, 16000), WavSampleFormat.Float32);

        AudioReader.Read(path).Channels[0].Should().Equal(x);
        ExternalTool.Run("sox", path, _dir.File("copy.wav")); // an independent parser accepts the header
        AudioReader.Read(_dir.File("copy.wav")).FrameCount.Should().Be(4);
    }

    [Fact]
    public void Write_Pcm16Mono_WaveFormatExHeaderThatSoxReads()
    {
        string path = _dir.File("c.wav");

        WavWriter.Write(path, AudioData.Mono([0.5f, -1f, 1f], 16000));

        // NAudio writes the fmt chunk as a WAVEFORMATEX (18 bytes, cbSize 0), so the samples start at byte 46.
        byte[] b = File.ReadAllBytes(path);
        b.Should().HaveCount(46 + 6);
        System.Text.Encoding.ASCII.GetString(b, 0, 4).Should().Be("RIFF");
        BitConverter.ToUInt32(b, 4).Should().Be((uint)(b.Length - 8));
        System.Text.Encoding.ASCII.GetString(b, 8, 8).Should().Be("WAVEfmt ");
        BitConverter.ToUInt32(b, 16).Should().Be(18);
        BitConverter.ToUInt16(b, 20).Should().Be(1, "PCM");
        BitConverter.ToUInt32(b, 24).Should().Be(16000);
        BitConverter.ToUInt16(b, 34).Should().Be(16);
        System.Text.Encoding.ASCII.GetString(b, 38, 4).Should().Be("data");
        BitConverter.ToUInt32(b, 42).Should().Be(6);
        new[] { BitConverter.ToInt16(b, 46), BitConverter.ToInt16(b, 48), BitConverter.ToInt16(b, 50) }.Should().Equal(16384, -32768, 32767);
        ExternalTool.Run("sox", path, _dir.File("c-copy.wav")); // an independent parser accepts the header
        AudioReader.Read(_dir.File("c-copy.wav")).Channels[0].Should().Equal(0.5f, -1f, 32767 / 32768f);
    }

    [Fact]
    public void Write_NonSeekableStream_SaysWhy()
    {
        var act = () => WavWriter.Write(new ForwardOnlyStream([]), AudioData.Mono([0f], 16000));

        act.Should().Throw<ArgumentException>().WithMessage("*seekable*");
    }

    [Theory]
    [InlineData(1.0f, 32767)]
    [InlineData(2.5f, 32767)]
    [InlineData(-1.0f, -32768)]
    [InlineData(-3f, -32768)]
    [InlineData(0.5f, 16384)]
    [InlineData(float.NaN, 0)]
    public void ToPcm16_ScalesRoundsAndClips(float x, short expected)
    {
        WavWriter.ToPcm16(x).Should().Be(expected);
    }
}
