namespace SpeechDisentangle.Cli.Tests.Slurm;

/// <summary>
/// A fact that needs a private Slurm (scripts/slurm-local.sh): reported as skipped, with the reason, when this is
/// not root or Debian's slurm-wlm and munge are not installed (scripts/setup.sh installs them).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SlurmFactAttribute : FactAttribute
{
    static readonly string[] Programs = ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch", "/usr/bin/squeue"];

    public SlurmFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "a private Slurm needs Linux";
        else if (Environment.UserName != "root") Skip = "starting a private Slurm (scripts/slurm-local.sh) needs root";
        else if (Programs.FirstOrDefault(p => !File.Exists(p)) is string missing)
            Skip = $"{missing} is missing: apt-get install -y slurm-wlm munge (scripts/setup.sh installs them)";
    }
}
