namespace SpeechDisentangle.Audio.Data;

/// <summary>The little-endian NumPy element types <see cref="NpyFile"/> reads.</summary>
public enum NpyDType
{
    /// <summary>'&lt;f4'</summary>
    Float32,
    /// <summary>'&lt;f8'</summary>
    Float64,
    /// <summary>'|i1'</summary>
    Int8,
    /// <summary>'|u1'</summary>
    UInt8,
    /// <summary>'&lt;i2'</summary>
    Int16,
    /// <summary>'&lt;i4'</summary>
    Int32,
    /// <summary>'&lt;i8'</summary>
    Int64,
    /// <summary>'|b1'</summary>
    Bool,
}
