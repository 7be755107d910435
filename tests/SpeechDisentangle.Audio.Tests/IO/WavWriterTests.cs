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
