using System.Globalization;
using SpeechDisentangle.Models.Core.Parallel;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>
/// Runs a training command as one rank of several when a launcher started it (`mpirun -n N sdt train ...`,
/// `srun --mpi=pmi2 -n N ...`), or alone otherwise. A rank that fails prints its error with its rank and ends every
/// rank of the job (MPI_Abort), so no rank waits forever in an allreduce for one that is gone.
/// </summary>
internal static class DataParallelRun
{
    public static int Run(string commandPath, Func<IDataParallel, int> body)
    {
        using var parallel = DataParallelLaunch.Start();
        if (parallel is not MpiDataParallel mpi) return body(parallel);
        if (mpi.Rank == 0) Console.WriteLine($"{commandPath}: data-parallel over {mpi.Size} ranks, {mpi.Library}");
        try
        {
            int code = body(mpi);
            if (mpi.Rank == 0)
            {
                var t = mpi.Tally;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{commandPath}: rank 0 took part in {t.Calls} allreduces, {t.Bytes / 1e6:F2} MB in, {t.Seconds:F2} s in them (waits for the other ranks included)"));
            }
            return code;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"{commandPath}: error on rank {mpi.Rank} of {mpi.Size}: {Guard.Describe(e)}; ending every rank");
            if (Environment.GetEnvironmentVariable("SDT_DEBUG") == "1") Console.Error.WriteLine(e);
            Console.Error.Flush();
            // The launcher forwards a rank's output through a pipe it stops reading once the job is aborted: give it a moment.
            Thread.Sleep(TimeSpan.FromSeconds(1));
            mpi.Abort(1);
            return 1;
        }
    }
}
