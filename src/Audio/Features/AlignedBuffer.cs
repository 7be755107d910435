using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SpeechDisentangle.Audio.Features;

/// <summary>
/// A buffer whose first element sits on a 32-byte boundary, so 256-bit vectors never straddle a cache line.
/// The array lives on the pinned object heap, so the pointer stays valid while this object is alive.
/// </summary>
internal sealed unsafe class AlignedBuffer<T>
    where T : unmanaged
{
    private const int Alignment = 32;
    private readonly T[] _array;

    public AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _array = GC.AllocateArray<T>(length + (Alignment / sizeof(T)), pinned: true);
        var start = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        var skip = (int)((Alignment - (start % Alignment)) % Alignment) / sizeof(T);
        Pointer = (T*)start + skip;
        Length = length;
    }

    /// <summary>The first element (32-byte aligned).</summary>
    public T* Pointer { get; }

    public int Length { get; }

    public Span<T> Span => new(Pointer, Length);
}
