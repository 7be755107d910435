using System.Runtime.InteropServices;
using System.Text;

namespace SpeechDisentangle.Models.Core.Parallel;

/// <summary>
/// The few MPI functions data-parallel training calls, bound at run time to a library with MPICH's ABI (Debian's
/// libmpich.so.12; Intel MPI, MVAPICH and Cray MPICH keep the same ABI). Handles are the integer constants of
/// MPICH's mpi.h. Function pointers from <see cref="NativeLibrary"/> rather than DllImport: the library is loaded
/// only when a launcher started several ranks, from a path the user may choose (SDT_MPI_LIBRARY).
/// </summary>
internal sealed unsafe class MpichLibrary
{
    public const int CommWorld = 0x44000000;       // MPI_COMM_WORLD
    public const int Float = 0x4c00040a;           // MPI_FLOAT
    public const int Double = 0x4c00080b;          // MPI_DOUBLE
    public const int Byte = 0x4c00010d;            // MPI_BYTE
    public const int Sum = 0x58000003;             // MPI_SUM
    const int ErrorsReturn = 0x54000001;           // MPI_ERRORS_RETURN
    static readonly void* InPlace = (void*)-1;     // MPI_IN_PLACE
    static readonly void* StatusIgnore = (void*)1; // MPI_STATUS_IGNORE

    readonly delegate* unmanaged<int*, byte***, int> _init;
    readonly delegate* unmanaged<int> _finalize;
    readonly delegate* unmanaged<int, int*, int> _commRank;
    readonly delegate* unmanaged<int, int*, int> _commSize;
    readonly delegate* unmanaged<int, int, int> _commSetErrhandler;
    readonly delegate* unmanaged<void*, void*, int, int, int, int, int*, int> _iallreduce;
    readonly delegate* unmanaged<void*, int, int, int, int, int*, int> _ibcast;
    readonly delegate* unmanaged<int, int*, int> _ibarrier;
    readonly delegate* unmanaged<int*, int*, void*, int> _test;
    readonly delegate* unmanaged<int, int, int> _abort;
    readonly delegate* unmanaged<int, byte*, int*, int> _errorString;
    readonly delegate* unmanaged<byte*, int*, int> _libraryVersion;

    /// <exception cref="DllNotFoundException">The library cannot be loaded.</exception>
    /// <exception cref="EntryPointNotFoundException">It lacks one of the functions (not an MPI library).</exception>
    public MpichLibrary(string path)
    {
        Path = path;
        var lib = NativeLibrary.Load(path);
        nint F(string name) => NativeLibrary.GetExport(lib, name);
        _init = (delegate* unmanaged<int*, byte***, int>)F("MPI_Init");
        _finalize = (delegate* unmanaged<int>)F("MPI_Finalize");
        _commRank = (delegate* unmanaged<int, int*, int>)F("MPI_Comm_rank");
        _commSize = (delegate* unmanaged<int, int*, int>)F("MPI_Comm_size");
        _commSetErrhandler = (delegate* unmanaged<int, int, int>)F("MPI_Comm_set_errhandler");
        _iallreduce = (delegate* unmanaged<void*, void*, int, int, int, int, int*, int>)F("MPI_Iallreduce");
        _ibcast = (delegate* unmanaged<void*, int, int, int, int, int*, int>)F("MPI_Ibcast");
        _ibarrier = (delegate* unmanaged<int, int*, int>)F("MPI_Ibarrier");
        _test = (delegate* unmanaged<int*, int*, void*, int>)F("MPI_Test");
        _abort = (delegate* unmanaged<int, int, int>)F("MPI_Abort");
        _errorString = (delegate* unmanaged<int, byte*, int*, int>)F("MPI_Error_string");
        _libraryVersion = (delegate* unmanaged<byte*, int*, int>)F("MPI_Get_library_version");
    }

    public string Path { get; }

    /// <summary>MPI_Init, then errors on MPI_COMM_WORLD come back as codes (and become exceptions) instead of aborting inside MPI.</summary>
    public void Init()
    {
        Check(_init(null, null), "MPI_Init");
        Check(_commSetErrhandler(CommWorld, ErrorsReturn), "MPI_Comm_set_errhandler");
    }

    public void FinalizeMpi() => Check(_finalize(), "MPI_Finalize");

    public int Rank()
    {
        int rank;
        Check(_commRank(CommWorld, &rank), "MPI_Comm_rank");
        return rank;
    }

    public int Size()
    {
        int size;
        Check(_commSize(CommWorld, &size), "MPI_Comm_size");
        return size;
    }

    // Non-blocking collectives, so that a rank waiting for a dead one can give up (see MpiDataParallel).

    /// <summary>Starts summing <paramref name="count"/> elements at <paramref name="buffer"/> over all ranks, in place; poll it with <see cref="Test"/>.</summary>
    public int StartAllreduceSumInPlace(nint buffer, int count, int datatype)
    {
        int request;
        Check(_iallreduce(InPlace, (void*)buffer, count, datatype, Sum, CommWorld, &request), "MPI_Iallreduce");
        return request;
    }

    /// <summary>Starts overwriting every rank's <paramref name="bytes"/> bytes at <paramref name="buffer"/> with rank 0's; poll it with <see cref="Test"/>.</summary>
    public int StartBroadcastBytes(nint buffer, int bytes)
    {
        int request;
        Check(_ibcast((void*)buffer, bytes, Byte, 0, CommWorld, &request), "MPI_Ibcast");
        return request;
    }

    /// <summary>Starts a barrier; poll it with <see cref="Test"/>.</summary>
    public int StartBarrier()
    {
        int request;
        Check(_ibarrier(CommWorld, &request), "MPI_Ibarrier");
        return request;
    }

    /// <summary>True once the request has completed (it is then freed).</summary>
    public bool Test(ref int request)
    {
        int done;
        fixed (int* r = &request) Check(_test(r, &done, StatusIgnore), "MPI_Test");
        return done != 0;
    }

    /// <summary>Ends every rank of the job with <paramref name="code"/>; does not return when MPI works.</summary>
    public void Abort(int code) => _abort(CommWorld, code);

    /// <summary>The first line of MPI_Get_library_version (e.g. "MPICH Version: 4.0.2").</summary>
    public string Version()
    {
        var buffer = stackalloc byte[8192];
        int length = 0;
        if (_libraryVersion(buffer, &length) != 0) return "unknown version";
        string first = Encoding.ASCII.GetString(buffer, length).Split('\n')[0];
        return string.Join(' ', first.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)); // "MPICH Version:\t4.0.2"
    }

    void Check(int code, string call)
    {
        if (code == 0) return;
        var buffer = stackalloc byte[1024]; // MPI_MAX_ERROR_STRING is 512
        int length = 0;
        string text = _errorString(code, buffer, &length) == 0 ? Encoding.ASCII.GetString(buffer, length).Trim() : "no description";
        throw new MpiException($"{call} failed with MPI error {code}: {text}");
    }
}
