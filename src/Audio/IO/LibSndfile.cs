using System.Runtime.InteropServices;

namespace SpeechDisentangle.Audio.IO;

/// <summary>P/Invoke declarations for the system libsndfile (Debian package libsndfile1).</summary>
internal static partial class LibSndfile
{
    public const string LibraryName = "libsndfile.so.1";
    public const int ModeRead = 0x10;       // SFM_READ
    public const int MajorFormatMask = 0x0FFF0000;
    public const int FormatFlac = 0x170000; // SF_FORMAT_FLAC

    /// <summary>SF_INFO; sf_count_t is 64-bit on Debian's build.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Info
    {
        public long Frames;
        public int SampleRate;
        public int Channels;
        public int Format;
        public int Sections;
        public int Seekable;
    }

    [LibraryImport(LibraryName, EntryPoint = "sf_open", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr Open(string path, int mode, ref Info info);

    [LibraryImport(LibraryName, EntryPoint = "sf_readf_float")]
    public static unsafe partial long ReadFramesFloat(IntPtr file, float* buffer, long frames);

    [LibraryImport(LibraryName, EntryPoint = "sf_close")]
    public static partial int Close(IntPtr file);

    /// <summary>The last error for <paramref name="file"/>, or for the last failed sf_open when it is zero.</summary>
    [LibraryImport(LibraryName, EntryPoint = "sf_strerror")]
    public static partial IntPtr StrError(IntPtr file);

    public static string LastError(IntPtr file) => Marshal.PtrToStringUTF8(StrError(file)) ?? "unknown libsndfile error";
}
