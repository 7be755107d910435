using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SpeechDisentangle.Audio.Features;

/// <summary>
/// A float buffer whose first element sits on a 32-byte boundary, so 8-float vectors never straddle a cache
/// line. The array lives on the pinned object heap, so the pointer stays valid while this object is alive.
/// </summary>
internal sealed unsafe class AlignedFloats
{
    private const int Alignment = 32;
    private readonly float[] _array;

    public AlignedFloats(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _array = GC.AllocateArray<float>(length + (Alignment / sizeof(float)), pinned: true);
        var start = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        var skip = (int)((Alignment - (start % Alignment)) % Alignment) / sizeof(float);
        Pointer = (float*)start + skip;
        Length = length;
    }

    /// <summary>The first element (32-byte aligned).</summary>
    public float* Pointer { get; }

    public int Length { get; }

    public Span<float> Span => new(Pointer, Length);
}
