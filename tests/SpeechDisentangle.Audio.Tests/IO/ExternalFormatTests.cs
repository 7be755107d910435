using SpeechDisentangle.Audio.IO;
using static SpeechDisentangle.Audio.Tests.IO.RiffBytes;

namespace SpeechDisentangle.Audio.Tests.IO;

/// <summary>FLAC, SPHERE and piped entries, with files made by the flac and sox tools (installed by scripts/setup.sh).</summary>
public sealed class ExternalFormatTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    static short[] Noise(int count, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (short)rng.Next(short.MinValue, short.MaxValue + 1))];
    }

    string WriteStereoWav(string name, short[] interleaved, int rate = 16000) =>
        _dir.Write(name, Wave(Fmt(1, 2, rate, 16), DataChunk(Int16s(interleaved))));

    [Fact]
    public void Read_FlacFromFlacTool_EqualsSourceWav()
    {
        short[] s = Noise(2 * 3001, 7);
        string wav = WriteStereoWav("in.wav", s, 22050);
        string flac = _dir.File("in.flac");
        ExternalTool.Run("flac", "-s", "-f", "-o", flac, wav);

        AudioData a = AudioReader.Read(flac);

        a.SampleRate.Should().Be(22050);
        a.ChannelCount.Should().Be(2);
        a.Channels[0].Should().Equal(s.Where((_, i) => i % 2 == 0).Select(v => v / 32768f));
        a.Channels[1].Should().Equal(s.Where((_, i) => i % 2 == 1).Select(v => v / 32768f));
    }

    [Fact]
    public void Read_Flac24Bit_EqualsSourceWav()
    {
        int[] s = [-8388608, -1, 0, 1, 0x123456, 8388607, 4242];
        string wav = _dir.Write("in24.wav", Wave(Fmt(1, 1, 48000, 24), DataChunk(Int24s(s))));
        string flac = _dir.File("in24.flac");
        ExternalTool.Run("flac", "-s", "-f", "-o", flac, wav);

        AudioReader.Read(flac).Channels[0].Should().Equal(s.Select(v => v / 8388608f));
    }

    [Fact]
    public void Read_FlacNamedWav_IsRecognisedByContent()
    {
        short[] s = Noise(2 * 500, 8);
        string wav = WriteStereoWav("src.wav", s);
        string disguised = _dir.File("really-flac.wav");
        ExternalTool.Run("flac", "-s", "-f", "-o", disguised, wav);

        AudioReader.Detect(disguised).Should().Be(AudioContainer.Flac);
        AudioReader.Read(disguised).Channels[1].Should().Equal(s.Where((_, i) => i % 2 == 1).Select(v => v / 32768f));
    }

    [Fact]
    public void Read_SphereFromSox_EqualsSourceWav()
    {
        short[] s = Noise(2 * 1601, 9);
        string wav = WriteStereoWav("in.wav", s);
        string sph = _dir.File("in.sph");
        ExternalTool.Run("sox", wav, sph);

        AudioData a = AudioReader.Read(sph);

        a.SampleRate.Should().Be(16000);
        a.ChannelCount.Should().Be(2);
        a.Channels[0].Should().Equal(s.Where((_, i) => i % 2 == 0).Select(v => v / 32768f));
        a.Channels[1].Should().Equal(s.Where((_, i) => i % 2 == 1).Select(v => v / 32768f));
    }

    [Fact]
    public void Read_SphereBigEndianHandWritten_DecodesExactly()
    {
        short[] s = [-32768, 300, 32767];
        string path = _dir.Write("be.sph", SphereBytes.File(
            "database_id -s5 TIMIT\nsample_count -i 3\nsample_n_bytes -i 2\nchannel_count -i 1\n" +
            "sample_byte_format -s2 10\nsample_rate -i 16000\nsample_coding -s3 pcm\nsample_min -i -32768\n",
            Int16s(s, bigEndian: true)));

        AudioReader.Read(path).Channels[0].Should().Equal(s.Select(v => v / 32768f));
    }

    [Fact]
    public void ReadWavScpEntry_PipeWithFlag_DecodesCommandOutput()
    {
        short[] s = Noise(2 * 700, 10);
        string wav = WriteStereoWav("p.wav", s);
        string flac = _dir.File("p.flac");
        ExternalTool.Run("flac", "-s", "-f", "-o", flac, wav);

        AudioData a = AudioReader.ReadWavScpEntry($"flac -c -d -s {flac} |", allowPipes: true);

        a.Channels[0].Should().Equal(s.Where((_, i) => i % 2 == 0).Select(v => v / 32768f));
    }

    [Fact]
    public void ReadWavScpEntry_SoxPipeOfUnknownLength_ReadsToEnd()
    {
        // sox writing a WAV to a pipe from a pipe cannot know the length in advance.
        short[] s = Noise(900, 11);
        string wav = _dir.Write("m.wav", Wave(Fmt(1, 1, 8000, 16), DataChunk(Int16s(s))));

        AudioData a = AudioReader.ReadWavScpEntry($"cat {wav} | sox -t wav - -t wav - |", allowPipes: true);

        a.Channels[0].Should().Equal(s.Select(v => v / 32768f));
    }

    [Fact]
    public void ReadWavScpEntry_SoxPlaceholderLength_ReadsWholeStream()
    {
        // Without dither (-D) the same command gives the same samples into a seekable file and into a pipe.
        const string Synth = "-D -n -r 8000 -b 16 -c 1 {0} synth 0.5 sine 300";
        string file = _dir.File("synth.wav");
        ExternalTool.Run("sox", string.Format(System.Globalization.CultureInfo.InvariantCulture, Synth, file).Split(' '));

        AudioData piped = AudioReader.ReadWavScpEntry("sox " + string.Format(System.Globalization.CultureInfo.InvariantCulture, Synth, "-t wav -") + " |", allowPipes: true);

        piped.FrameCount.Should().Be(4000);
        piped.Channels[0].Should().Equal(AudioReader.Read(file).Channels[0]);
    }

    [Fact]
    public void ReadWavScpEntry_PipeWithoutFlag_SaysWhichFlagEnablesIt()
    {
        string entry = $"cat {_dir.File("x.wav")} |";

        Action act = () => AudioReader.ReadWavScpEntry(entry, allowPipes: false);

        AudioFormatException e = act.Should().Throw<AudioFormatException>().Which;
        e.FilePath.Should().Be(entry);
        e.Message.Should().Contain("AllowPipes").And.Contain("allowPipes");
    }

    [Fact]
    public void ReadWavScpEntry_FailingCommand_ReportsExitStatusAndStderr()
    {
        const string entry = "echo 'cannot open f.flac' >&2; exit 3 |";

        Action act = () => AudioReader.ReadWavScpEntry(entry, allowPipes: true);

        AudioFormatException e = act.Should().Throw<AudioFormatException>().Which;
        e.Message.Should().StartWith(entry).And.Contain("exited with status 3").And.Contain("cannot open f.flac");
    }

    [Fact]
    public void ReadWavScpEntry_CommandFailingAfterValidOutput_ReportsExitStatus()
    {
        string wav = _dir.Write("ok.wav", Wave(Fmt(1, 1, 8000, 16), DataChunk(Int16s([1, 2, 3]))));
        string entry = $"cat {wav}; echo late failure >&2; exit 2 |";

        Action act = () => AudioReader.ReadWavScpEntry(entry, allowPipes: true);

        act.Should().Throw<AudioFormatException>().Which.Message.Should().Contain("status 2").And.Contain("late failure");
    }

    [Fact]
    public void ReadWavScpEntry_PlainPath_ReadsFile()
    {
        string wav = _dir.Write("plain.wav", Wave(Fmt(1, 1, 8000, 16), DataChunk(Int16s([4, 5]))));

        AudioReader.ReadWavScpEntry("  " + wav + " ", allowPipes: false).Channels[0].Should().Equal(4 / 32768f, 5 / 32768f);
    }

    [Fact]
    public void Read_TruncatedFlac_ErrorsByDefaultAndKeepsFramesWhenAllowed()
    {
        string wav = _dir.Write("long.wav", Wave(Fmt(1, 1, 16000, 16), DataChunk(Int16s(Noise(32000, 12)))));
        string flac = _dir.File("long.flac");
        ExternalTool.Run("flac", "-s", "-f", "-o", flac, wav);
        byte[] bytes = File.ReadAllBytes(flac);
        string cut = _dir.Write("cut.flac", bytes[..(bytes.Length * 2 / 3)]);

        Action act = () => AudioReader.Read(cut);
        var warnings = new List<string>();
        AudioData partial = AudioReader.Read(cut, new AudioReadOptions { TruncatedData = TruncatedDataPolicy.TruncateWithWarning, Warning = warnings.Add });

        act.Should().Throw<AudioFormatException>().Which.Message.Should().StartWith(cut).And.Contain("header promises 32000 frames");
        partial.FrameCount.Should().BeInRange(1, 31999);
        warnings.Should().ContainSingle().Which.Should().Contain("cut.flac");
    }

    [Fact]
    public void Open_LongPipeStoppedEarly_EndsTheCommand()
    {
        // One hour of audio from sox, whose pipe header carries the placeholder length 0x7FFFF000: only the first
        // block is read, in bounded memory, then the command is ended.
        using IAudioStreamReader reader = AudioReader.Open("sox -n -r 16000 -b 16 -c 1 -t wav - synth 3600 sine 440 |",
            new AudioReadOptions { AllowPipes = true });
        var block = new float[4096];

        reader.TotalFrames.Should().BeNull("the header's length is a placeholder");
        reader.ReadFrames(block).Should().Be(4096);
        block.Max().Should().BeGreaterThan(0.5f);
    }
}
