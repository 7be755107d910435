using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using V = System.Runtime.Intrinsics.Vector256<float>;

namespace SpeechDisentangle.Audio.Features;

/// <summary>
/// Moves up to eight rows (frames) of floats into lane layout (element n of row l at [8n + l], so element n of
/// all rows is one 256-bit vector) and back, 8 x 8 blocks at a time with AVX shuffles where the CPU has them.
/// </summary>
internal static unsafe class LaneTranspose
{
    /// <summary>Rows per lane layout (floats per 256-bit vector).</summary>
    public const int Lanes = 8;

    /// <summary>Span form of <see cref="RowsToLanes(float*, int, int, int, float*)"/>, rows starting at samples[l * rowStride].</summary>
    public static void RowsToLanes(ReadOnlySpan<float> samples, int rowStride, int rows, int length, Span<float> lanes)
    {
        Check(samples.Length, rowStride, rows, length, lanes.Length);
        fixed (float* first = samples, output = lanes)
        {
            RowsToLanes(first, rowStride, rows, length, output);
        }
    }

    /// <summary>Span form of <see cref="LanesToRows(float*, int, float*, int, int)"/>.</summary>
    public static void LanesToRows(ReadOnlySpan<float> lanes, int length, Span<float> output, int rowStride, int rows)
    {
        Check(output.Length, rowStride, rows, length, lanes.Length);
        fixed (float* input = lanes, first = output)
        {
            LanesToRows(input, length, first, rowStride, rows);
        }
    }

    /// <summary>
    /// lanes[8n + l] = row l's element n for n &lt; <paramref name="length"/>, where row l starts at
    /// first + l * rowStride; lanes past <paramref name="rows"/> repeat the last row (their results are dropped).
    /// </summary>
    public static void RowsToLanes(float* first, int rowStride, int rows, int length, float* lanes)
    {
        var row = stackalloc float*[Lanes];
        for (var l = 0; l < Lanes; l++)
        {
            row[l] = first + ((long)Math.Min(l, rows - 1) * rowStride);
        }

        var n = 0;
        if (Avx.IsSupported)
        {
            var v = (V*)lanes;
            for (; n + Lanes <= length; n += Lanes)
            {
                Transpose(
                    Avx.LoadVector256(row[0] + n), Avx.LoadVector256(row[1] + n), Avx.LoadVector256(row[2] + n),
                    Avx.LoadVector256(row[3] + n), Avx.LoadVector256(row[4] + n), Avx.LoadVector256(row[5] + n),
                    Avx.LoadVector256(row[6] + n), Avx.LoadVector256(row[7] + n), v + n);
            }
        }

        for (; n < length; n++)
        {
            for (var l = 0; l < Lanes; l++)
            {
                lanes[(n * Lanes) + l] = row[l][n];
            }
        }
    }

    /// <summary>Row l's element n (at first + l * rowStride + n) = lanes[8n + l], for l &lt; <paramref name="rows"/>.</summary>
    public static void LanesToRows(float* lanes, int length, float* first, int rowStride, int rows)
    {
        var n = 0;
        if (Avx.IsSupported)
        {
            var block = stackalloc V[Lanes];
            var v = (V*)lanes;
            for (; n + Lanes <= length; n += Lanes)
            {
                Transpose(v[n], v[n + 1], v[n + 2], v[n + 3], v[n + 4], v[n + 5], v[n + 6], v[n + 7], block);
                for (var l = 0; l < rows; l++)
                {
                    Avx.Store(first + ((long)l * rowStride) + n, block[l]);
                }
            }
        }

        for (; n < length; n++)
        {
            for (var l = 0; l < rows; l++)
            {
                first[((long)l * rowStride) + n] = lanes[(n * Lanes) + l];
            }
        }
    }

    private static void Check(int rowsLength, int rowStride, int rows, int length, int lanesLength)
    {
        if (rows is < 1 or > Lanes || length < 0 || rowStride < 0
            || rowsLength < ((long)(rows - 1) * rowStride) + length || lanesLength < (long)length * Lanes)
        {
            throw new ArgumentException($"{rows} rows of {length} floats {rowStride} apart need {((long)(rows - 1) * rowStride) + length} "
                + $"row floats and {(long)length * Lanes} lane floats; got {rowsLength} and {lanesLength} (rows must be 1..{Lanes}).");
        }
    }

    // out[i] lane j = r_j lane i.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(V r0, V r1, V r2, V r3, V r4, V r5, V r6, V r7, V* output)
    {
        V t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        V t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        V t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        V t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        V u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        V u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        V u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        V u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        output[0] = Avx.Permute2x128(u0, u4, 0x20);
        output[1] = Avx.Permute2x128(u1, u5, 0x20);
        output[2] = Avx.Permute2x128(u2, u6, 0x20);
        output[3] = Avx.Permute2x128(u3, u7, 0x20);
        output[4] = Avx.Permute2x128(u0, u4, 0x31);
        output[5] = Avx.Permute2x128(u1, u5, 0x31);
        output[6] = Avx.Permute2x128(u2, u6, 0x31);
        output[7] = Avx.Permute2x128(u3, u7, 0x31);
    }
}
