using SpeechDisentangle.Audio.IO;
using static SpeechDisentangle.Audio.Tests.IO.RiffBytes;

namespace SpeechDisentangle.Audio.Tests.IO;

public sealed class WavReaderTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    AudioData ReadBytes(byte[] file, AudioReadOptions? options = null) =>
        AudioReader.Read(_dir.Write("a.wav", file), options);

    [Fact]
    public void Read_Pcm16Mono_DividesBy32768()
    {
        short[] s = [-32768, -1, 0, 1, 12345, 32767];
        AudioData a = ReadBytes(Wave(Fmt(1, 1, 16000, 16), DataChunk(Int16s(s))));

        a.SampleRate.Should().Be(16000);
        a.ChannelCount.Should().Be(1);
        a.Channels[0].Should().Equal(s.Select(v => v / 32768f));
    }

    [Fact]
    public void Read_Pcm16WithKaldiPreset_GivesInt16Values()
    {
        short[] s = [-32768, -7, 0, 300, 32767];
        AudioData a = ReadBytes(Wave(Fmt(1, 1, 8000, 16), DataChunk(Int16s(s))), AudioReadOptions.Kaldi);

        a.Channels[0].Should().Equal(s.Select(v => (float)v));
    }

    [Fact]
    public void Read_Pcm8_IsUnsignedAroundMidpoint128()
    {
        AudioData a = ReadBytes(Wave(Fmt(1, 1, 8000, 8), DataChunk([0, 128, 255, 1])));

        a.Channels[0].Should().Equal(-1f, 0f, 127 / 128f, -127 / 128f);
    }

    [Fact]
    public void Read_Pcm24_SignExtendsAndDividesBy2Pow23()
    {
        int[] s = [-8388608, -1, 0, 1, 0x123456, 8388607];
        AudioData a = ReadBytes(Wave(Fmt(1, 1, 48000, 24), DataChunk(Int24s(s))));

        a.Channels[0].Should().Equal(s.Select(v => v / 8388608f));
    }

    [Fact]
    public void Read_Pcm32_DividesBy2Pow31()
    {
        int[] s = [int.MinValue, -1, 0, 1 << 20, int.MaxValue];
        AudioData a = ReadBytes(Wave(Fmt(1, 1, 16000, 32), DataChunk(Int32s(s))));

        a.Channels[0].Should().Equal(s.Select(v => (float)(v / 2147483648.0)));
    }

    [Fact]
    public void Read_Float32_KeepsValues()
    {
        float[] s = [-1f, -0.3f, 0f, 0.25f, 0.999f];
        AudioData a = ReadBytes(Wave(Fmt(3, 1, 22050, 32), DataChunk(Floats(s))));

        a.Channels[0].Should().Equal(s);
    }

    [Fact]
    public void Read_Float64_ConvertsToFloat()
    {
        double[] s = [-0.5, 1.0 / 3, 0.125, 0.7];
        AudioData a = ReadBytes(Wave(Fmt(3, 1, 16000, 64), DataChunk(Doubles(s))));

        a.Channels[0].Should().Equal(s.Select(v => (float)v));
    }

    [Fact]
    public void Read_ExtensiblePcm16Stereo_SplitsChannels()
    {
        short[] interleaved = [100, -100, 200, -200, 300, -300];
        AudioData a = ReadBytes(Wave(FmtExtensible(1, 2, 16000, 16, 16, 0x3), DataChunk(Int16s(interleaved))));

        a.ChannelCount.Should().Be(2);
        a.Channels[0].Should().Equal(100 / 32768f, 200 / 32768f, 300 / 32768f);
        a.Channels[1].Should().Equal(-100 / 32768f, -200 / 32768f, -300 / 32768f);
    }

    [Fact]
    public void Read_ExtensibleFloat32_KeepsValues()
    {
        float[] s = [0.5f, -0.75f, 0.1f];
        AudioData a = ReadBytes(Wave(FmtExtensible(3, 1, 44100, 32, 32, 0x4), DataChunk(Floats(s))));

        a.SampleRate.Should().Be(44100);
        a.Channels[0].Should().Equal(s);
    }

    [Fact]
    public void Read_ExtensibleWith20ValidBitsIn24_UsesContainerScale()
    {
        // 20 valid bits are left-justified in the 24-bit container, so the container scale is the right one.
        int[] s = [0x7FFFF0, -0x800000, 0x000010];
        AudioData a = ReadBytes(Wave(FmtExtensible(1, 1, 16000, 24, 20, 0x4), DataChunk(Int24s(s))));

        a.Channels[0].Should().Equal(s.Select(v => v / 8388608f));
    }

    [Fact]
    public void Read_OddChunksWithPadBytesInAnyOrder_DecodesExactly()
    {
        // LIST (odd size, padded) before fmt, fact between fmt and data, odd-sized 8-bit data with its pad byte,
        // then LIST and an unknown chunk after data.
        byte[] file = Wave(
            Chunk("LIST", Text("INFOx")),
            Fmt(1, 1, 8000, 8),
            Chunk("fact", Int32s([3])),
            DataChunk([10, 128, 250]),
            Chunk("LIST", Text("INFOISFT\u0003\0\0\0ab\0")),
            Chunk("zzzz", [1, 2, 3]));
        var warnings = new List<string>();

        AudioData a = ReadBytes(file, new AudioReadOptions { Warning = warnings.Add });

        a.Channels[0].Should().Equal((10 - 128) / 128f, 0f, (250 - 128) / 128f);
        warnings.Should().BeEmpty();
    }

    [Fact]
    public void Read_RifxBigEndian16_DecodesExactly()
    {
        short[] s = [-2, 1000, 32767];
        byte[] file = Wave(true, Fmt(1, 1, 16000, 16, bigEndian: true), DataChunk(Int16s(s, bigEndian: true), bigEndian: true));

        AudioReader.Read(_dir.Write("x.wav", file)).Channels[0].Should().Equal(s.Select(v => v / 32768f));
    }

    [Fact]
    public void Read_StreamedDataSize0xFFFFFFFF_ReadsToEndOfFile()
    {
        short[] s = [1, 2, 3, 4, 5];
        AudioData a = ReadBytes(Wave(Fmt(1, 1, 16000, 16), DataChunk(Int16s(s), sizeOverride: 0xFFFFFFFF)));

        a.Channels[0].Should().Equal(s.Select(v => v / 32768f));
    }

    [Fact]
    public void Read_DataNotWholeFrames_DropsPartialFrameWithWarning()
    {
        var warnings = new List<string>();
        byte[] data = [.. Int16s([10, -10, 20, -20]), 7]; // 2 stereo frames + 1 stray byte
        AudioData a = ReadBytes(Wave(Fmt(1, 2, 16000, 16), DataChunk(data)), new AudioReadOptions { Warning = warnings.Add });

        a.FrameCount.Should().Be(2);
        warnings.Should().ContainSingle().Which.Should().Contain("a.wav").And.Contain("not a whole number");
    }

    [Fact]
    public void Read_StereoPcm16_ToMonoDefaultsToChannel0AndMeanAverages()
    {
        short[] interleaved = [1000, 3000, -2000, 2000];
        AudioData a = ReadBytes(Wave(Fmt(1, 2, 16000, 16), DataChunk(Int16s(interleaved))), AudioReadOptions.Kaldi);

        a.ToMono().Should().Equal(1000f, -2000f);
        a.ToMono(ChannelSelection.Channel(1)).Should().Equal(3000f, 2000f);
        a.ToMono(ChannelSelection.Mean).Should().Equal(2000f, 0f);
    }

    [Fact]
    public void Open_SmallBlocks_MatchesWholeFileRead()
    {
        var rng = new Random(1);
        short[] interleaved = [.. Enumerable.Range(0, 3 * 10007).Select(_ => (short)rng.Next(short.MinValue, short.MaxValue + 1))];
        string path = _dir.Write("long.wav", Wave(Chunk("LIST", Text("abc")), Fmt(1, 3, 16000, 16), DataChunk(Int16s(interleaved))));

        var streamed = new List<float>();
        using (IAudioStreamReader r = AudioReader.Open(path))
        {
            r.TotalFrames.Should().Be(10007);
            r.ChannelCount.Should().Be(3);
            var buf = new float[333 * 3];
            int n;
            while ((n = r.ReadFrames(buf)) > 0) streamed.AddRange(buf.Take(n * 3));
        }

        streamed.Should().Equal(interleaved.Select(v => v / 32768f));
        AudioReader.Read(path, new AudioReadOptions { BlockFrames = 1000 }).Channels[2]
            .Should().Equal(interleaved.Where((_, i) => i % 3 == 2).Select(v => v / 32768f));
    }

    [Fact]
    public void WavStreamReader_NonSeekableStream_SkipsChunksAndDecodes()
    {
        short[] s = [5, -5, 32767];
        byte[] file = Wave(Chunk("LIST", Text("hello")), Fmt(1, 1, 16000, 16), Chunk("fact", Int32s([3])), DataChunk(Int16s(s)));
        using var stream = new ForwardOnlyStream(file);
        using var reader = new WavStreamReader(stream, "pipe-source");

        var buf = new float[16];
        reader.ReadFrames(buf).Should().Be(3);
        buf.Take(3).Should().Equal(s.Select(v => v / 32768f));
        reader.ReadFrames(buf).Should().Be(0);
    }

    [Fact]
    public void WavStreamReader_NonSeekableShortData_ErrorsByDefaultOrTruncatesWithWarning()
    {
        byte[] file = Wave(Fmt(1, 1, 16000, 16), DataChunk(Int16s([7, 8, 9]), sizeOverride: 100));
        var buf = new float[64];

        using (var strict = new WavStreamReader(new ForwardOnlyStream(file), "cmd |"))
        {
            Action act = () => strict.ReadFrames(buf);
            act.Should().Throw<AudioFormatException>().Which.Message.Should().StartWith("cmd |").And.Contain("94 bytes missing");
        }

        var warnings = new List<string>();
        var lenient = new AudioReadOptions { TruncatedData = TruncatedDataPolicy.TruncateWithWarning, Warning = warnings.Add };
        using var reader = new WavStreamReader(new ForwardOnlyStream(file), "cmd |", lenient);
        reader.ReadFrames(buf).Should().Be(3);
        reader.ReadFrames(buf).Should().Be(0);
        warnings.Should().ContainSingle().Which.Should().Contain("cmd |");
    }
}
