using System.Text;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Audio.Tests.IO;

namespace SpeechDisentangle.Audio.Tests.Fuzzing;

/// <summary>The smallest inputs behind the bugs the fuzzers found, each pinned to the behaviour the fix gives.</summary>
public sealed class AudioFuzzRegressionTests : IDisposable
{
    readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    static byte[] Sphere(string fields, params byte[] samples)
    {
        string header = "NIST_1A\n    128\n" + fields + "end_head\n";
        return [.. Encoding.ASCII.GetBytes(header.PadRight(128)), .. samples];
    }

    AudioFormatException ReadFails(byte[] file)
    {
        string path = _dir.Write("f.sph", file);
        Action act = () => AudioReader.Read(path);
        var e = act.Should().Throw<AudioFormatException>().Which;
        e.Message.Should().StartWith(path);
        return e;
    }

    [Fact]
    public void Sphere_StringFieldOfNegativeLength_KeepsTheWholeValue()
    {
        // Was: ArgumentOutOfRangeException from value[..-1].
        string path = _dir.Write("s.sph", Sphere("sample_rate -i 8000\nsample_byte_format -s-1 10\n", 0, 1));

        AudioData audio = AudioReader.Read(path);

        audio.Channels[0].Should().Equal(1f / 32768);
    }

    [Fact]
    public void Sphere_NegativeSampleCount_IsRejected()
    {
        // Was: OverflowException allocating an array of -1 frames.
        ReadFails(Sphere("sample_rate -i 8000\nsample_count -i -1\n", 0, 1)).Message.Should().Contain("sample_count -1 is negative");
    }

    [Fact]
    public void Sphere_SampleCountWhoseByteSizeOverflows_IsReportedAsTruncated()
    {
        // Was: sample_count x 2 bytes wrapped to a negative size, read as zero frames.
        ReadFails(Sphere("sample_rate -i 8000\nsample_count -i 9223372036854775807\n", 0, 1))
            .Message.Should().Contain("needs 18446744073709551614 bytes").And.Contain("only 2");
    }

    [Fact]
    public void Sphere_HugeChannelCount_IsRejected()
    {
        // Was: OutOfMemoryException allocating 2^31 channel arrays.
        ReadFails(Sphere("sample_rate -i 8000\nchannel_count -i 2147483647\nsample_n_bytes -i 1\n", 0))
            .Message.Should().Contain("channel_count 2147483647 is not between 1 and 65535");
    }

    [Fact]
    public void PipedWav_DataChunkClaimingAGigabyte_AllocatesForWhatArrives()
    {
        // Was: a 52-byte pipe whose data chunk claims 0x3FFFFFFE bytes made ReadAll allocate 2 GB up front.
        byte[] wav = RiffBytes.Wave(RiffBytes.Fmt(1, 1, 16000, 16), RiffBytes.DataChunk(RiffBytes.Int16s([1, 2, 3, 4]), sizeOverride: 0x3FFFFFFE));
        var options = new AudioReadOptions { TruncatedData = TruncatedDataPolicy.TruncateWithWarning, Warning = _ => { } };
        long before = GC.GetAllocatedBytesForCurrentThread();

        using var reader = new WavStreamReader(new NonSeekableStream(wav), "pipe.wav", options);
        AudioData audio = AudioReader.ReadAll(reader, options);

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(64L << 20);
        audio.FrameCount.Should().Be(4);
    }

    [Fact]
    public void Npy_ShapeWhoseProductWrapsToZero_IsRejected()
    {
        // Was: 2^21 x 2^21 x 2^22 wrapped to 0 elements and "read" as an empty array of that shape.
        byte[] npy = NpyFile.EncodeHeader("|u1", [2097152, 2097152, 4194304]);

        Action act = () => NpyFile.Decode(npy, "wrap.npy");

        act.Should().Throw<InvalidDataException>().WithMessage("wrap.npy: shape '(2097152, 2097152, 4194304)' is too large*");
    }

    /// <summary>A read-only stream without Seek or Length, as a pipe.</summary>
    sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }
}
