using System.Runtime.InteropServices;

namespace SpeechDisentangle.Cli.Tests.DataParallel;

/// <summary>
/// A fact that launches sdt under MPICH's mpirun: reported as skipped, with the reason, when Debian's mpich (mpirun.mpich
/// and libmpich.so.12) is not installed (scripts/setup.sh installs it).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MpiFactAttribute : FactAttribute
{
    public const string Mpirun = "/usr/bin/mpirun.mpich";

    public MpiFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "data-parallel training over MPI needs Linux";
        else if (!File.Exists(Mpirun)) Skip = $"{Mpirun} is missing: apt-get install -y mpich (scripts/setup.sh installs it)";
        else if (!NativeLibrary.TryLoad("libmpich.so.12", out _)) Skip = "libmpich.so.12 cannot be loaded: apt-get install -y mpich (scripts/setup.sh installs it)";
    }
}
