using System.Security.Cryptography;
using System.Text;
using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.IO;
using SpeechDisentangle.Audio.Tests.IO;

namespace SpeechDisentangle.Fuzzing;

/// <summary>
/// The audio-side readers under fuzzing, each with its documented error type:
/// WAV and SPHERE (<see cref="AudioReader"/>): <see cref="AudioFormatException"/>;
/// .npy (<see cref="NpyFile"/>) and Kaldi archives (<see cref="KaldiArk"/>): <see cref="InvalidDataException"/>;
/// scp files (<see cref="KaldiScp"/>, <see cref="KaldiScpReader"/>): <see cref="DataDirException"/> for the scp itself,
/// plus the archive reader's <see cref="InvalidDataException"/> and <see cref="FileNotFoundException"/> for a missing archive.
/// </summary>
public static class AudioFuzzTargets
{
    static readonly AudioReadOptions Lenient = new() { TruncatedData = TruncatedDataPolicy.TruncateWithWarning, Warning = _ => { } };

    /// <summary>Every audio-side target, by name.</summary>
    public static IReadOnlyList<FuzzTarget> All(string fixtures) =>
        [Wav(), WavPipe(), Sphere(), Npy(fixtures), Ark(fixtures), Scp(fixtures)];

    /// <summary>WAV files read whole by <see cref="AudioReader.Read"/> with the default (strict) options.</summary>
    public static FuzzTarget Wav() => new("wav", [typeof(AudioFormatException)], (input, path) =>
    {
        FuzzTarget.WriteScratch(path, input);
        AudioReader.Read(path);
    }, WavSeeds());

    /// <summary>WAV bytes streamed from a pipe (no seeking, no length), truncated data read with a warning.</summary>
    public static FuzzTarget WavPipe() => new("wav-pipe", [typeof(AudioFormatException)], (input, path) =>
    {
        using var reader = new WavStreamReader(new ForwardOnlyStream(input), path, Lenient);
        AudioReader.ReadAll(reader, Lenient);
    }, WavSeeds());

    /// <summary>NIST SPHERE files read whole by <see cref="AudioReader.Read"/>, truncated data read with a warning.</summary>
    public static FuzzTarget Sphere() => new("sphere", [typeof(AudioFormatException)], (input, path) =>
    {
        FuzzTarget.WriteScratch(path, input);
        AudioReader.Read(path, Lenient);
    }, SphereSeeds());

    /// <summary>.npy files decoded and converted as the feature loaders do.</summary>
    public static FuzzTarget Npy(string fixtures) => new("npy", [typeof(InvalidDataException)], (input, path) =>
    {
        NpyArray array = NpyFile.Decode(input, path);
        if (array.DType is not (NpyDType.Float32 or NpyDType.Float64)) array.ToInt64();
        if (array.Shape.Count == 2) array.ToFloat32Matrix();
        else array.ToFloat32();
    }, Directory.GetFiles(fixtures, "*.npy").Where(f => !f.Contains("bigendian", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList());

    /// <summary>Kaldi archives (binary FM/FV/DM/DV and text objects) read in order.</summary>
    public static FuzzTarget Ark(string fixtures) => new("ark", [typeof(InvalidDataException)], (input, path) =>
    {
        FuzzTarget.WriteScratch(path, input);
        foreach (var (_, matrix) in KaldiArk.Read(path))
        {
            if (matrix.Rows > 0 && matrix.Cols > 0) _ = matrix[matrix.Rows - 1, matrix.Cols - 1];
        }
    }, [File.ReadAllBytes(Path.Combine(fixtures, "feats.ark")), File.ReadAllBytes(Path.Combine(fixtures, "mixed.ark")), DoubleArk()]);

    /// <summary>scp files pointing into a fixed archive, every entry read through <see cref="KaldiScpReader"/>.</summary>
    public static FuzzTarget Scp(string fixtures)
    {
        string ark = SharedArk(File.ReadAllBytes(Path.Combine(fixtures, "mixed.ark")));
        string scp = string.Concat(OffsetsOf(ark).Select(e => $"{e.Key} {ark}:{e.Offset}\n"));
        return new("scp", [typeof(DataDirException), typeof(InvalidDataException), typeof(FileNotFoundException)], (input, path) =>
        {
            FuzzTarget.WriteScratch(path, input);
            using var reader = new KaldiScpReader(path);
            foreach (string key in reader.Keys) reader.Read(key);
        }, [Encoding.UTF8.GetBytes(scp), Encoding.UTF8.GetBytes(scp.Split('\n')[0] + "\n")], [ark]);
    }

    static byte[][] WavSeeds() =>
    [
        RiffBytes.Wave(RiffBytes.Chunk("LIST", RiffBytes.Text("INFOISFT")), RiffBytes.Fmt(1, 1, 16000, 16),
            RiffBytes.DataChunk(RiffBytes.Int16s([0, 1000, -1000, 32767, -32768, 5, 6, 7]))),
        RiffBytes.Wave(RiffBytes.Fmt(1, 2, 8000, 8), RiffBytes.DataChunk([0, 255, 128, 127, 1, 2, 3, 4, 5, 6, 7, 8])),
        RiffBytes.Wave(RiffBytes.Fmt(1, 1, 22050, 24), RiffBytes.DataChunk(RiffBytes.Int24s([0, 8388607, -8388608, 12, -12]))),
        RiffBytes.Wave(RiffBytes.Fmt(1, 1, 44100, 32), RiffBytes.DataChunk(RiffBytes.Int32s([0, int.MaxValue, int.MinValue, 9]))),
        RiffBytes.Wave(RiffBytes.FmtExtensible(3, 1, 48000, 32, 32, 4), RiffBytes.DataChunk(RiffBytes.Floats([0f, 0.5f, -0.5f, 1f]))),
        RiffBytes.Wave(RiffBytes.Fmt(3, 2, 16000, 64), RiffBytes.DataChunk(RiffBytes.Doubles([0, 0.25, -0.25, 0.5, 0.125, -1]))),
        RiffBytes.Wave(true, RiffBytes.Fmt(1, 1, 16000, 16, bigEndian: true),
            RiffBytes.DataChunk(RiffBytes.Int16s([1, -1, 300, -300], bigEndian: true), bigEndian: true)),
        RiffBytes.Wave(RiffBytes.Fmt(1, 1, 16000, 16), RiffBytes.DataChunk(RiffBytes.Int16s([4, 3, 2, 1]), sizeOverride: 0xFFFFFFFF)),
    ];

    static byte[][] SphereSeeds() =>
    [
        SphereBytes.File("sample_rate -i 16000\nchannel_count -i 1\nsample_n_bytes -i 2\nsample_count -i 6\n" +
            "sample_byte_format -s2 01\nsample_coding -s3 pcm\n", RiffBytes.Int16s([0, 100, -100, 32767, -32768, 1])),
        SmallSphere("sample_rate -i 8000\nchannel_count -i 2\nsample_n_bytes -i 1\nsample_count -i 3\n", [1, 2, 3, 0x80, 0x7F, 0]),
        SmallSphere("sample_rate -i 16000\nsample_n_bytes -i 2\nsample_byte_format -s2 10\nsample_count -i 4\n",
            RiffBytes.Int16s([1, -1, 2, -2], bigEndian: true)),
        SmallSphere("sample_rate -i 22050\nsample_n_bytes -i 3\nsample_byte_format -s3 012\n", [1, 2, 3, 4, 5, 6]),
    ];

    // A SPHERE file with a 256-byte header, so more mutations land in the fields than in the padding.
    static byte[] SmallSphere(string fields, byte[] samples)
    {
        string header = "NIST_1A\n    256\n" + fields + "end_head\n";
        byte[] bytes = [.. Encoding.ASCII.GetBytes(header.PadRight(256)), .. samples];
        return bytes;
    }

    // An archive of a DM and a DV object (the fixtures hold FM, FV and text ones).
    static byte[] DoubleArk()
    {
        using var ms = new MemoryStream();
        ms.Write("dm \0BDM "u8);
        WriteInt(ms, 2);
        WriteInt(ms, 2);
        foreach (double v in new[] { 1.0, -2.0, 3.5, 0.0 }) ms.Write(BitConverter.GetBytes(v));
        ms.Write("dv \0BDV "u8);
        WriteInt(ms, 3);
        foreach (double v in new[] { 0.5, 0.25, -8.0 }) ms.Write(BitConverter.GetBytes(v));
        return ms.ToArray();
    }

    static void WriteInt(Stream s, int v)
    {
        s.WriteByte(4);
        s.Write(BitConverter.GetBytes(v));
    }

    // The archive the scp seeds point at: one fixed path per content, written atomically so concurrent runs agree.
    static string SharedArk(byte[] content)
    {
        string dir = Path.Combine(Path.GetTempPath(), "sdt-fuzz-scp");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, Convert.ToHexString(SHA256.HashData(content))[..16] + ".ark");
        if (!File.Exists(path))
        {
            string temp = path + ".tmp-" + Environment.ProcessId;
            File.WriteAllBytes(temp, content);
            File.Move(temp, path, overwrite: true);
        }
        return path;
    }

    // Offsets of the objects in an archive, found by writing the scp Kaldi would write for it.
    static IEnumerable<(string Key, long Offset)> OffsetsOf(string ark)
    {
        byte[] bytes = File.ReadAllBytes(ark);
        var keys = KaldiArk.Read(ark).Select(e => e.Key).ToList();
        int from = 0;
        foreach (string key in keys)
        {
            int at = bytes.AsSpan(from).IndexOf(Encoding.UTF8.GetBytes(key + " ")) + from;
            long offset = at + key.Length + 1;
            from = (int)offset;
            yield return (key, offset);
        }
    }

    /// <summary>A read-only stream that cannot seek or tell its length, as a pipe.</summary>
    sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        readonly MemoryStream _inner = new(bytes, writable: false);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override int Read(Span<byte> buffer) => _inner.Read(buffer);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
