using SpeechDisentangle.Models.Core.Parallel;

namespace SpeechDisentangle.Models.Tests.Core.Parallel;

public sealed class DataParallelLaunchTests
{
    static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData("", "")]
    [InlineData("PMI_SIZE", "1")]
    [InlineData("SLURM_STEP_NUM_TASKS", "1")]
    public void Start_NoLauncherOrOneRank_TrainsAlone(string name, string value)
    {
        DataParallelLaunch.Start(Environment((name, value))).Should().BeSameAs(SingleProcess.Instance);
    }

    [Fact]
    public void Start_OpenMpiLauncher_RefusesAndSaysWhatToRun()
    {
        var act = () => DataParallelLaunch.Start(Environment(("OMPI_COMM_WORLD_SIZE", "2")));

        act.Should().Throw<InvalidOperationException>().WithMessage("started by Open MPI's mpirun (OMPI_COMM_WORLD_SIZE=2)*run it with MPICH's mpirun (mpirun.mpich) or srun --mpi=pmi2");
    }

    [Fact]
    public void Start_SrunWithoutMpi_RefusesRatherThanTrainTwoCopiesIntoOneFolder()
    {
        var act = () => DataParallelLaunch.Start(Environment(("SLURM_STEP_NUM_TASKS", "4")));

        act.Should().Throw<InvalidOperationException>().WithMessage("srun started 4 tasks without MPI*run srun --mpi=pmi2, or one task");
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("0")]
    public void Start_WaitLimitNotAPositiveNumber_SaysWhichVariableAndValue(string limit)
    {
        var act = () => DataParallelLaunch.Start(Environment(("PMI_SIZE", "2"), ("SDT_MPI_WAIT_LIMIT", limit)));

        act.Should().Throw<InvalidOperationException>().WithMessage($"SDT_MPI_WAIT_LIMIT='{limit}' is not a number of seconds above 0");
    }

    [Fact]
    public void Start_SeveralRanksAndNoMpiLibrary_NamesTheLibraryAndHowToGetOne()
    {
        var act = () => DataParallelLaunch.Start(Environment(("PMI_SIZE", "2"), ("PMI_RANK", "0"), ("SDT_MPI_LIBRARY", "/nonexistent/libmpich.so.12")));

        act.Should().Throw<InvalidOperationException>()
            .WithMessage("this is one of 2 ranks (PMI_SIZE), but the MPI library '/nonexistent/libmpich.so.12' cannot be loaded (*install Debian's mpich (scripts/setup.sh does), or set SDT_MPI_LIBRARY*");
    }
}
