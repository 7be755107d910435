using System.Buffers.Binary;
using System.Text;

namespace SpeechDisentangle.Audio.Tests.IO;

/// <summary>Builds WAV files byte by byte, so tests can produce the odd layouts real files have.</summary>
public static class RiffBytes
{
    /// <summary>A chunk: id, size (or <paramref name="sizeOverride"/>), body, and a pad byte when the body is odd.</summary>
    public static byte[] Chunk(string id, byte[] body, bool bigEndian = false, uint? sizeOverride = null, bool pad = true)
    {
        var ms = new MemoryStream();
        ms.Write(Encoding.ASCII.GetBytes(id));
        ms.Write(U32(sizeOverride ?? (uint)body.Length, bigEndian));
        ms.Write(body);
        if (pad && body.Length % 2 == 1) ms.WriteByte(0);
        return ms.ToArray();
    }

    /// <summary>A whole RIFF (or RIFX) WAVE file from chunks.</summary>
    public static byte[] Wave(bool bigEndian, params byte[][] chunks)
    {
        int size = 4 + chunks.Sum(c => c.Length);
        var ms = new MemoryStream();
        ms.Write(Encoding.ASCII.GetBytes(bigEndian ? "RIFX" : "RIFF"));
        ms.Write(U32((uint)size, bigEndian));
        ms.Write("WAVE"u8);
        foreach (byte[] c in chunks) ms.Write(c);
        return ms.ToArray();
    }

    public static byte[] Wave(params byte[][] chunks) => Wave(false, chunks);

    /// <summary>A plain 16-byte fmt chunk.</summary>
    public static byte[] Fmt(ushort tag, int channels, int rate, int bits, bool bigEndian = false, int? blockAlign = null)
    {
        int align = blockAlign ?? channels * bits / 8;
        var body = new byte[16];
        W16(body, 0, tag, bigEndian);
        W16(body, 2, (ushort)channels, bigEndian);
        W32(body, 4, (uint)rate, bigEndian);
        W32(body, 8, (uint)(rate * align), bigEndian);
        W16(body, 12, (ushort)align, bigEndian);
        W16(body, 14, (ushort)bits, bigEndian);
        return Chunk("fmt ", body, bigEndian);
    }

    /// <summary>A 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk with subformat <paramref name="subTag"/>.</summary>
    public static byte[] FmtExtensible(ushort subTag, int channels, int rate, int bits, int validBits, uint channelMask)
    {
        var body = new byte[40];
        int align = channels * bits / 8;
        W16(body, 0, 0xFFFE, false);
        W16(body, 2, (ushort)channels, false);
        W32(body, 4, (uint)rate, false);
        W32(body, 8, (uint)(rate * align), false);
        W16(body, 12, (ushort)align, false);
        W16(body, 14, (ushort)bits, false);
        W16(body, 16, 22, false);
        W16(body, 18, (ushort)validBits, false);
        W32(body, 20, channelMask, false);
        W16(body, 24, subTag, false);
        byte[] tail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        tail.CopyTo(body, 26);
        return Chunk("fmt ", body);
    }

    public static byte[] DataChunk(byte[] samples, uint? sizeOverride = null, bool bigEndian = false) =>
        Chunk("data", samples, bigEndian, sizeOverride);

    public static byte[] Int16s(IEnumerable<short> values, bool bigEndian = false) =>
        [.. values.SelectMany(v =>
        {
            var b = new byte[2];
            if (bigEndian) BinaryPrimitives.WriteInt16BigEndian(b, v);
            else BinaryPrimitives.WriteInt16LittleEndian(b, v);
            return b;
        })];

    public static byte[] Int24s(IEnumerable<int> values) =>
        [.. values.SelectMany(v => new[] { (byte)v, (byte)(v >> 8), (byte)(v >> 16) })];

    public static byte[] Int32s(IEnumerable<int> values) =>
        [.. values.SelectMany(v => { var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, v); return b; })];

    public static byte[] Floats(IEnumerable<float> values) =>
        [.. values.SelectMany(v => { var b = new byte[4]; BinaryPrimitives.WriteSingleLittleEndian(b, v); return b; })];

    public static byte[] Doubles(IEnumerable<double> values) =>
        [.. values.SelectMany(v => { var b = new byte[8]; BinaryPrimitives.WriteDoubleLittleEndian(b, v); return b; })];

    public static byte[] Text(string s) => Encoding.ASCII.GetBytes(s);

    static byte[] U32(uint v, bool be)
    {
        var b = new byte[4];
        W32(b, 0, v, be);
        return b;
    }

    static void W16(byte[] b, int at, ushort v, bool be)
    {
        if (be) BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at), v);
        else BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), v);
    }

    static void W32(byte[] b, int at, uint v, bool be)
    {
        if (be) BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at), v);
        else BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v);
    }
}
