using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Common;
using static SpeechDisentangle.Audio.Tests.IO.RiffBytes;

namespace SpeechDisentangle.Audio.Tests.IO;

public sealed class AudioReaderErrorTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    AudioFormatException ReadFails(string path, AudioReadOptions? options = null)
    {
        Action act = () => AudioReader.Read(path, options);
        AudioFormatException e = act.Should().Throw<AudioFormatException>().Which;
        e.FilePath.Should().Be(path);
        e.Message.Should().StartWith(path);
        return e;
    }

    AudioFormatException ReadBytesFails(byte[] file, AudioReadOptions? options = null) =>
        ReadFails(_dir.Write("bad.wav", file), options);

    [Fact]
    public void Read_MissingFile_SaysNotFound()
    {
        ReadFails(_dir.File("nope.wav")).Message.Should().Contain("not found");
    }

    [Fact]
    public void Read_EmptyFile_SaysEmpty()
    {
        ReadBytesFails([]).Message.Should().Contain("empty (0 bytes)");
    }

    [Fact]
    public void Read_TruncatedRiffHeader_SaysTruncated()
    {
        ReadBytesFails("RIFF\x10\0\0\0"u8.ToArray()).Message.Should().Contain("truncated RIFF header: 8 of 12 bytes");
    }

    [Fact]
    public void Read_TruncatedFmtChunk_SaysTruncatedWithOffset()
    {
        byte[] fmt = Fmt(1, 1, 16000, 16);
        AudioFormatException e = ReadBytesFails(Wave(fmt[..14]));

        e.Message.Should().Contain("truncated fmt chunk: 6 of 16 bytes");
        e.Offset.Should().Be(12);
    }

    [Fact]
    public void Read_TruncatedChunkHeader_SaysTruncatedChunkHeader()
    {
        ReadBytesFails(Wave(Fmt(1, 1, 16000, 16), "da"u8.ToArray())).Message.Should().Contain("truncated chunk header");
    }

    [Fact]
    public void Read_FmtChunkTooSmall_SaysSizeNeeded()
    {
        ReadBytesFails(Wave(Chunk("fmt ", new byte[14]), DataChunk([1, 2])))
            .Message.Should().Contain("fmt chunk is 14 bytes; at least 16 are needed");
    }

    [Fact]
    public void Read_ChunkBeforeDataLongerThanFile_SaysTruncatedChunk()
    {
        AudioFormatException e = ReadBytesFails(Wave(Fmt(1, 1, 8000, 16), Chunk("LIST", Text("abcd"), sizeOverride: 5000)));

        e.Message.Should().Contain("truncated \"LIST\" chunk: it claims 5000 bytes but 4 remain");
        e.Offset.Should().Be(36);
    }

    [Fact]
    public void Read_DataChunkLongerThanFile_ErrorsByDefault()
    {
        AudioFormatException e = ReadBytesFails(Wave(Fmt(1, 1, 16000, 16), DataChunk(Int16s([1, 2]), sizeOverride: 1000)));

        e.Message.Should().Contain("data chunk claims 1000 bytes but only 4 bytes follow").And.Contain("TruncateWithWarning");
        e.Offset.Should().Be(36);
    }

    [Fact]
    public void Read_DataChunkLongerThanFileWithTruncatePolicy_KeepsFramesAndWarns()
    {
        string path = _dir.Write("short.wav", Wave(Fmt(1, 1, 16000, 16), DataChunk(Int16s([1, 2, 3]), sizeOverride: 1000)));
        var warnings = new List<string>();

        AudioData a = AudioReader.Read(path, new AudioReadOptions { TruncatedData = TruncatedDataPolicy.TruncateWithWarning, Warning = warnings.Add });

        a.Channels[0].Should().Equal(1 / 32768f, 2 / 32768f, 3 / 32768f);
        warnings.Should().ContainSingle().Which.Should().StartWith(path).And.Contain("claims 1000 bytes");
    }

    [Fact]
    public void Read_ZeroLengthData_SaysNoSamples()
    {
        ReadBytesFails(Wave(Fmt(1, 1, 16000, 16), DataChunk([]))).Message.Should().Contain("zero-length audio");
    }

    [Theory]
    [InlineData(7, "0x0007 (MuLaw)")]
    [InlineData(2, "0x0002 (Adpcm)")]
    [InlineData(6, "0x0006 (ALaw)")]
    public void Read_UnsupportedFormatTag_NamesTheTag(int tag, string expected)
    {
        AudioFormatException e = ReadBytesFails(Wave(Fmt((ushort)tag, 1, 8000, 8), DataChunk([1, 2])));

        e.Message.Should().Contain("unsupported WAV codec").And.Contain(expected);
    }

    [Fact]
    public void Read_ExtensibleWithMuLawSubformat_NamesTheSubformat()
    {
        ReadBytesFails(Wave(FmtExtensible(7, 1, 8000, 8, 8, 4), DataChunk([1, 2])))
            .Message.Should().Contain("WAVE_FORMAT_EXTENSIBLE subformat 0x0007 (MuLaw)");
    }

    [Fact]
    public void Read_UnsupportedBitDepth_SaysWhichBits()
    {
        ReadBytesFails(Wave(Fmt(3, 1, 8000, 16), DataChunk([1, 2]))).Message.Should().Contain("IEEE float sample size of 16 bits");
    }

    [Fact]
    public void Read_BlockAlignMismatch_SaysExpectedAlign()
    {
        ReadBytesFails(Wave(Fmt(1, 2, 8000, 16, blockAlign: 2), DataChunk([1, 2, 3, 4])))
            .Message.Should().Contain("block align is 2 but 2 channel(s) of 16 bits need 4");
    }

    [Fact]
    public void Read_DataBeforeFmt_SaysSo()
    {
        ReadBytesFails(Wave(DataChunk([1, 2]), Fmt(1, 1, 8000, 16))).Message.Should().Contain("data chunk comes before the fmt chunk");
    }

    [Fact]
    public void Read_NoDataChunk_SaysSo()
    {
        ReadBytesFails(Wave(Fmt(1, 1, 8000, 16), Chunk("LIST", Text("ab")))).Message.Should().Contain("no data chunk");
    }

    [Fact]
    public void Read_Rf64_SaysUnsupported()
    {
        byte[] file = Wave(Fmt(1, 1, 8000, 16), DataChunk([1, 2]));
        "RF64"u8.CopyTo(file);

        ReadBytesFails(file).Message.Should().Contain("RF64");
    }

    [Fact]
    public void Read_RiffButNotWave_SaysFormType()
    {
        byte[] file = Wave(Fmt(1, 1, 8000, 16), DataChunk([1, 2]));
        "AVI "u8.CopyTo(file.AsSpan(8));

        ReadBytesFails(file).Message.Should().Contain("form type is \"AVI \"");
    }

    [Fact]
    public void Read_TextFile_SaysNotAnAudioFile()
    {
        string path = _dir.Write("notes.wav", "hello world, not audio"u8.ToArray());

        ReadFails(path).Message.Should().Contain("not a supported audio file").And.Contain("hello wo");
    }

    [Fact]
    public void Read_SphereShorten_SaysShortenNotSupported()
    {
        string path = _dir.Write("s.sph", SphereBytes.File(
            "sample_count -i 2\nsample_n_bytes -i 2\nchannel_count -i 1\nsample_byte_format -s2 01\n" +
            "sample_rate -i 16000\nsample_coding -s26 pcm,embedded-shorten-v2.00\n", [1, 2, 3, 4]));

        ReadFails(path).Message.Should().Contain("shorten-compressed").And.Contain("sph2pipe");
    }

    [Fact]
    public void Read_SphereSampleCountBeyondFile_ErrorsByDefault()
    {
        string path = _dir.Write("s.sph", SphereBytes.File(
            "sample_count -i 100\nsample_n_bytes -i 2\nchannel_count -i 1\nsample_byte_format -s2 01\nsample_rate -i 16000\n", [1, 2, 3, 4]));

        ReadFails(path).Message.Should().Contain("sample_count 100 needs 200 bytes").And.Contain("only 4");
    }

    [Fact]
    public void Read_SphereWithoutEndHead_SaysSo()
    {
        byte[] file = SphereBytes.File("sample_rate -i 16000\n", [0, 0]);
        string text = System.Text.Encoding.ASCII.GetString(file, 0, 1024).Replace("end_head", "        ", StringComparison.Ordinal);
        System.Text.Encoding.ASCII.GetBytes(text).CopyTo(file, 0);

        ReadFails(_dir.Write("e.sph", file)).Message.Should().Contain("no end_head");
    }

    [Fact]
    public void Read_SphereMalformedLine_NamesLineAndOffset()
    {
        string path = _dir.Write("m.sph", SphereBytes.File("sample_rate -i 16000\nbroken\n", [0, 0]));

        AudioFormatException e = ReadFails(path);

        e.Message.Should().Contain("line 4 \"broken\" is not \"name -type value\"");
        e.Offset.Should().Be(37);
    }

    [Fact]
    public void Read_NonexistentFlac_SaysNotFound()
    {
        // A FLAC path that disappears between detection and opening still names the file.
        Action act = () => FlacStreamReader.Open(_dir.File("gone.flac"));

        act.Should().Throw<AudioFormatException>().Which.Message.Should().Contain("gone.flac").And.Contain("not found");
    }

    [Fact]
    public void Read_CorruptFlac_NamesFileAndLibsndfileError()
    {
        string path = _dir.Write("bad.flac", [.. "fLaC"u8.ToArray(), .. new byte[40]]);

        ReadFails(path).Message.Should().Contain("libsndfile could not open it as FLAC");
    }

    [Fact]
    public void Options_Validate_ReportsAllErrorsAtOnce()
    {
        var options = new AudioReadOptions
        {
            TargetSampleRate = -5,
            BlockFrames = 0,
            Resampler = new ResamplerOptions { Rolloff = 1.5, ZeroCrossings = 0 },
        };

        Action act = options.Validate;

        act.Should().Throw<ArgumentException>().Which.Message.Should()
            .Contain("TargetSampleRate").And.Contain("BlockFrames").And.Contain("Rolloff").And.Contain("ZeroCrossings");
    }

    [Fact]
    public void Read_DataChunkLongerThanFile_NamesTheSettingApartFromTheProblem()
    {
        AudioFormatException e = ReadBytesFails(Wave(Fmt(1, 1, 16000, 16), DataChunk(Int16s([1, 2]), sizeOverride: 1000)));

        e.Setting.Should().Be(AudioReadSetting.TruncatedData);
        e.Problem.Should().NotContain("TruncateWithWarning", "a program with its own flag phrases the remedy itself");
        e.Location.Should().Be($"{e.FilePath}: at byte offset 36");
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "+infinity")]
    [InlineData(float.NegativeInfinity, "-infinity")]
    public void Read_Float32WithNonFiniteSample_NamesSampleTimeAndOffset(float bad, string said)
    {
        var samples = Enumerable.Repeat(0.1f, 3000).ToArray();
        samples[2 * 1234 + 1] = bad;

        AudioFormatException e = ReadBytesFails(Wave(Fmt(3, 2, 16000, 32), DataChunk(Floats(samples))));

        e.Message.Should().Contain($"sample 1234 of channel 1 (0.077 s) is {said}");
        e.Offset.Should().Be(44 + ((2 * 1234) + 1) * 4);
        e.Setting.Should().Be(AudioReadSetting.None, "no setting makes such a file usable");
    }

    [Fact]
    public void Read_Float64BeyondFloatRange_IsInfiniteAndRefused()
    {
        var samples = new double[] { 0.5, -0.25, 1e300, 0 };

        ReadBytesFails(Wave(Fmt(3, 1, 8000, 64), DataChunk(Doubles(samples))))
            .Message.Should().Contain("sample 2 of channel 0").And.Contain("+infinity");
    }
}
