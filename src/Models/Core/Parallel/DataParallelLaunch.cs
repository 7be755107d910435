using System.Globalization;

namespace SpeechDisentangle.Models.Core.Parallel;

/// <summary>
/// Whether this process is one rank of several, as its launcher says in the environment: MPICH's mpirun (Hydra) and
/// Slurm's `srun --mpi=pmi2` set PMI_SIZE and PMI_RANK. With several ranks it joins the MPI job through the library
/// named by SDT_MPI_LIBRARY (default libmpich.so.12), with SDT_MPI_WAIT_LIMIT as the longest wait for the other ranks
/// (seconds, default 600); otherwise it trains alone. Launches that would train several
/// independent copies into one folder (Open MPI's mpirun, srun without MPI) are refused with what to run instead.
/// </summary>
public static class DataParallelLaunch
{
    /// <summary>The MPI library loaded when SDT_MPI_LIBRARY does not name one (Debian's mpich).</summary>
    public const string DefaultLibrary = "libmpich.so.12";

    /// <summary>Seconds a rank waits in one collective for the others before it ends the job (a rank has died).</summary>
    public const string WaitLimitVariable = "SDT_MPI_WAIT_LIMIT";

    /// <summary>The wait limit when <see cref="WaitLimitVariable"/> is unset: longer than rank 0 takes to validate and write a checkpoint.</summary>
    public static readonly TimeSpan DefaultWaitLimit = TimeSpan.FromMinutes(10);

    /// <summary>Joins the job the environment describes, or returns <see cref="SingleProcess"/>.</summary>
    /// <param name="environment">Variable lookup (default: this process's environment).</param>
    /// <exception cref="InvalidOperationException">A launch this cannot join, or the MPI library cannot be loaded.</exception>
    public static IDataParallel Start(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        int pmiSize = Count(environment, "PMI_SIZE");
        if (Count(environment, "OMPI_COMM_WORLD_SIZE") > 1 && pmiSize == 0)
            throw new InvalidOperationException($"started by Open MPI's mpirun (OMPI_COMM_WORLD_SIZE={environment("OMPI_COMM_WORLD_SIZE")}), but data-parallel " +
                                                $"training binds MPICH's ABI ({DefaultLibrary}): run it with MPICH's mpirun (mpirun.mpich) or srun --mpi=pmi2");
        if (pmiSize == 0 && Count(environment, "SLURM_STEP_NUM_TASKS") > 1)
            throw new InvalidOperationException($"srun started {environment("SLURM_STEP_NUM_TASKS")} tasks without MPI (no PMI_SIZE in the environment), " +
                                                "so each would train alone into the same folder: run srun --mpi=pmi2, or one task");
        if (pmiSize <= 1) return SingleProcess.Instance;
        string library = environment("SDT_MPI_LIBRARY") is { Length: > 0 } chosen ? chosen : DefaultLibrary;
        var limit = DefaultWaitLimit;
        if (environment(WaitLimitVariable) is { Length: > 0 } seconds)
        {
            if (!double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) || !(s > 0))
                throw new InvalidOperationException($"{WaitLimitVariable}='{seconds}' is not a number of seconds above 0");
            limit = TimeSpan.FromSeconds(s);
        }
        try
        {
            return MpiDataParallel.Join(library, limit);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
        {
            throw new InvalidOperationException($"this is one of {pmiSize} ranks (PMI_SIZE), but the MPI library '{library}' cannot be loaded ({e.Message}); " +
                                                "install Debian's mpich (scripts/setup.sh does), or set SDT_MPI_LIBRARY to a library with MPICH's ABI", e);
        }
    }

    static int Count(Func<string, string?> environment, string name) =>
        int.TryParse(environment(name), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0;
}
