using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Parallel;

/// <summary>Allreduces done so far: calls, bytes each rank sent in, and the seconds spent in them (waiting for slower ranks included).</summary>
public readonly record struct AllreduceTally(long Calls, long Bytes, double Seconds)
{
    public static AllreduceTally operator -(AllreduceTally a, AllreduceTally b) => new(a.Calls - b.Calls, a.Bytes - b.Bytes, a.Seconds - b.Seconds);
}

/// <summary>
/// Ranks of one MPI job (MPI_COMM_WORLD) through <see cref="MpichLibrary"/>. Tensors are reduced and broadcast in
/// place through their storage address when they are contiguous CPU tensors; any other tensor (a GPU's) goes through
/// a host copy. Every collective is started non-blocking and waited for by polling: busily for a quarter second (a
/// transfer progresses only while it is polled), then asleep between polls (a rank waiting for rank 0 to validate or
/// write leaves it the CPU), and at most <see cref="WaitLimit"/>: a rank that dies under a launcher that does not end
/// the others (srun without --kill-on-bad-exit) would otherwise leave them waiting for ever. <see cref="Dispose"/>
/// waits for every rank without a limit (rank 0 may evaluate for long after training), then finalises MPI.
/// </summary>
public sealed class MpiDataParallel : IDataParallel
{
    static readonly TimeSpan BusyPolling = TimeSpan.FromMilliseconds(250);
    readonly MpichLibrary _mpi;
    AllreduceTally _tally;
    bool _finalized;

    MpiDataParallel(MpichLibrary mpi, TimeSpan waitLimit)
    {
        _mpi = mpi;
        WaitLimit = waitLimit;
        _mpi.Init();
        Rank = _mpi.Rank();
        Size = _mpi.Size();
        Library = $"{mpi.Version()} ({mpi.Path})";
    }

    /// <summary>Loads the MPI library at <paramref name="libraryPath"/> and joins the job (MPI_Init).</summary>
    /// <param name="libraryPath">A library with MPICH's ABI.</param>
    /// <param name="waitLimit">The longest a collective may wait for the other ranks before this rank gives up.</param>
    /// <exception cref="DllNotFoundException">The library cannot be loaded.</exception>
    public static MpiDataParallel Join(string libraryPath, TimeSpan waitLimit) => new(new MpichLibrary(libraryPath), waitLimit);

    /// <summary>The longest a collective waits for the other ranks; then it throws <see cref="MpiException"/>.</summary>
    public TimeSpan WaitLimit { get; }

    public int Rank { get; }
    public int Size { get; }

    /// <summary>The MPI library's version line and path, for the log.</summary>
    public string Library { get; }

    /// <summary>What <see cref="SumInPlace"/> has done so far.</summary>
    public AllreduceTally Tally => _tally;

    public void SumInPlace(Tensor values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int datatype = values.dtype switch
        {
            ScalarType.Float32 => MpichLibrary.Float,
            ScalarType.Float64 => MpichLibrary.Double,
            _ => throw new NotSupportedException($"data-parallel training sums float32 or float64 tensors, not {values.dtype}"),
        };
        var clock = Stopwatch.StartNew();
        InPlace(values, (address, count) => Wait(_mpi.StartAllreduceSumInPlace(address, count, datatype), "an allreduce", WaitLimit), elementsPerCall: int.MaxValue);
        _tally = new AllreduceTally(_tally.Calls + 1, _tally.Bytes + (values.numel() * values.ElementSize), _tally.Seconds + clock.Elapsed.TotalSeconds);
    }

    public void BroadcastFromRoot(Tensor values)
    {
        ArgumentNullException.ThrowIfNull(values);
        long size = values.ElementSize;
        // MPI counts are ints: broadcast as bytes, in pieces of whole elements under 2 GiB.
        InPlace(values, (address, count) => Wait(_mpi.StartBroadcastBytes(address, checked((int)(count * size))), "a broadcast", WaitLimit), elementsPerCall: int.MaxValue / size);
    }

    public void Barrier() => Wait(_mpi.StartBarrier(), "a barrier", WaitLimit);

    /// <summary>Ends every rank of the job with exit status <paramref name="code"/> (MPI_Abort); then exits this process.</summary>
    public void Abort(int code)
    {
        _mpi.Abort(code);
        Environment.Exit(code); // only reached if MPI_Abort returned
    }

    public void Dispose()
    {
        if (_finalized) return;
        _finalized = true;
        Wait(_mpi.StartBarrier(), "the last barrier", limit: null);
        _mpi.FinalizeMpi();
    }

    /// <summary>Polls <paramref name="request"/> until it completes.</summary>
    /// <exception cref="MpiException">It has not completed within <paramref name="limit"/>.</exception>
    void Wait(int request, string what, TimeSpan? limit)
    {
        var clock = Stopwatch.StartNew();
        while (!_mpi.Test(ref request))
        {
            if (clock.Elapsed < BusyPolling) continue;
            if (clock.Elapsed > limit)
                throw new MpiException(string.Create(CultureInfo.InvariantCulture,
                    $"rank {Rank} waited {limit.Value.TotalSeconds:F0} s in {what} for the other ranks: one has probably died " +
                    $"(under srun, --kill-on-bad-exit=1 ends the job at once; {DataParallelLaunch.WaitLimitVariable} sets this limit in seconds)"));
            Thread.Sleep(1);
        }
    }

    /// <summary>Runs <paramref name="call"/> on the tensor's storage (or a host copy of it), in pieces of at most <paramref name="elementsPerCall"/> elements.</summary>
    static void InPlace(Tensor values, Action<nint, int> call, long elementsPerCall)
    {
        long n = values.numel();
        if (n == 0) return;
        bool direct = values.device_type == DeviceType.CPU && values.is_contiguous();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var host = direct ? values : values.to(CPU).contiguous();
        nint address = TensorStorage.Address(host);
        long size = host.ElementSize;
        for (long done = 0; done < n;)
        {
            int count = (int)Math.Min(elementsPerCall, n - done);
            call(address + (nint)(done * size), count);
            done += count;
        }
        if (!direct) values.copy_(host);
    }
}
