using System.Buffers.Binary;
using System.Text;
using CsCheck;

namespace SpeechDisentangle.Fuzzing;

/// <summary>
/// CsCheck generators of damaged copies of valid files: bit flips, odd byte values, truncation, deletions, inserted
/// chunks (random bytes or a copy of part of the file), 32-bit fields overwritten with sizes that break arithmetic,
/// and numbers in text headers replaced by huge or negative ones. Half of the positions fall in the first 64 bytes,
/// where headers live. Cases come from a fixed PCG seed, so every machine runs the same inputs.
/// </summary>
public static class ByteMutator
{
    // Sizes and counts that overflow, go negative or promise more than any file holds.
    static readonly uint[] HugeValues = [0xFFFFFFFF, 0xFFFFFFFE, 0x80000000, 0x7FFFFFFF, 0x7FFFF000, 0x40000000, 0x10000000, 0x00010000, 0xFFFF, 0];

    static readonly string[] NumberTexts =
        ["0", "-1", "1", "3", "65535", "2147483647", "2147483648", "-2147483648", "4294967296", "9223372036854775807",
         "18446744073709551616", "99999999999999999999999", "1e309", "-0", "0x10", "nan"];

    static readonly byte[] InterestingBytes = [0, 1, 0x7F, 0x80, 0xFF, (byte)' ', (byte)'\n', (byte)'\t', (byte)'[', (byte)']',
        (byte)'{', (byte)'}', (byte)':', (byte)',', (byte)'-', (byte)'&', (byte)'*', (byte)'!', (byte)'|', (byte)'\'', (byte)'"', (byte)'#'];

    /// <summary>A damaged copy of one of <paramref name="seeds"/> (1 to 4 mutations applied in turn).</summary>
    public static Gen<byte[]> Mutants(IReadOnlyList<byte[]> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0) throw new ArgumentException("at least one seed file is needed", nameof(seeds));
        return Gen.Select(Gen.Int[0, seeds.Count - 1], Mutation.Array[1, 4], (i, steps) =>
        {
            byte[] bytes = seeds[i];
            foreach (var step in steps) bytes = step(bytes);
            return bytes;
        });
    }

    /// <summary>The first <paramref name="count"/> cases of <paramref name="gen"/> from PCG seed <paramref name="seed"/>.</summary>
    public static IEnumerable<T> Cases<T>(Gen<T> gen, ulong seed, int count)
    {
        ArgumentNullException.ThrowIfNull(gen);
        var pcg = new PCG(1, seed);
        for (int i = 0; i < count; i++) yield return gen.Generate(pcg, null, out _);
    }

    // A position: half the time in the header area, else anywhere (taken modulo the length when applied).
    static readonly Gen<uint> Where = Gen.Frequency((1, Gen.UInt[0, 63]), (1, Gen.UInt));

    static readonly Gen<Func<byte[], byte[]>> Mutation = Gen.Frequency(
        (3, Gen.Select(Where, Gen.Int[0, 7], (w, bit) => (Func<byte[], byte[]>)(b => FlipBit(b, w, bit)))),
        (2, Gen.Select(Where, Gen.Frequency((1, Gen.OneOf(InterestingBytes.Select(Gen.Const).ToArray())), (1, Gen.Byte)),
            (w, v) => (Func<byte[], byte[]>)(b => SetByte(b, w, v)))),
        (2, Where.Select(w => (Func<byte[], byte[]>)(b => b[..(int)(w % (uint)(b.Length + 1))]))),
        (1, Gen.Select(Where, Gen.Int[1, 32], (w, n) => (Func<byte[], byte[]>)(b => Delete(b, w, n)))),
        (2, Gen.Select(Where, Gen.Byte.Array[1, 32], (w, chunk) => (Func<byte[], byte[]>)(b => Insert(b, w, chunk)))),
        (2, Gen.Select(Where, Gen.UInt, Gen.Int[1, 64], (w, from, n) => (Func<byte[], byte[]>)(b => InsertCopy(b, w, from, n)))),
        (3, Gen.Select(Where, Gen.OneOf(HugeValues.Select(Gen.Const).ToArray()), Gen.Bool,
            (w, v, bigEndian) => (Func<byte[], byte[]>)(b => WriteUInt32(b, w, v, bigEndian)))),
        (2, Gen.Select(Where, Gen.OneOf(NumberTexts.Select(Gen.Const).ToArray()),
            (w, text) => (Func<byte[], byte[]>)(b => ReplaceNumber(b, w, text)))));

    static byte[] FlipBit(byte[] b, uint where, int bit)
    {
        if (b.Length == 0) return b;
        byte[] r = [.. b];
        r[where % (uint)b.Length] ^= (byte)(1 << bit);
        return r;
    }

    static byte[] SetByte(byte[] b, uint where, byte value)
    {
        if (b.Length == 0) return [value];
        byte[] r = [.. b];
        r[where % (uint)b.Length] = value;
        return r;
    }

    static byte[] Delete(byte[] b, uint where, int count)
    {
        if (b.Length == 0) return b;
        int at = (int)(where % (uint)b.Length);
        int n = Math.Min(count, b.Length - at);
        return [.. b.AsSpan(0, at), .. b.AsSpan(at + n)];
    }

    static byte[] Insert(byte[] b, uint where, byte[] chunk)
    {
        int at = (int)(where % (uint)(b.Length + 1));
        return [.. b.AsSpan(0, at), .. chunk, .. b.AsSpan(at)];
    }

    // Copies part of the file elsewhere in it: duplicated chunks, headers and records.
    static byte[] InsertCopy(byte[] b, uint where, uint from, int count)
    {
        if (b.Length == 0) return b;
        int start = (int)(from % (uint)b.Length);
        return Insert(b, where, b[start..Math.Min(b.Length, start + count)]);
    }

    static byte[] WriteUInt32(byte[] b, uint where, uint value, bool bigEndian)
    {
        if (b.Length < 4) return b;
        byte[] r = [.. b];
        var at = r.AsSpan((int)(where % (uint)(b.Length - 3)), 4);
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(at, value);
        else BinaryPrimitives.WriteUInt32LittleEndian(at, value);
        return r;
    }

    // Replaces the run of digits at or after the position (a size, count or offset in a text header) with text.
    static byte[] ReplaceNumber(byte[] b, uint where, string text)
    {
        byte[] replacement = Encoding.ASCII.GetBytes(text);
        int at = (int)(where % (uint)(b.Length + 1));
        int start = Array.FindIndex(b, at, IsDigit);
        if (start < 0) start = Array.FindIndex(b, IsDigit);
        if (start < 0) return Insert(b, (uint)at, replacement);
        int end = start;
        while (end < b.Length && IsDigit(b[end])) end++;
        return [.. b.AsSpan(0, start), .. replacement, .. b.AsSpan(end)];
    }

    static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';
}
