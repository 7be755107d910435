using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Training;

[Collection("torch")]
public class TrainStatsTableTests
{
    public TrainStatsTableTests() => TorchTestSetup.Init();

    static Dictionary<string, Tensor> Stats(params (string Name, float Value)[] stats) =>
        stats.ToDictionary(s => s.Name, s => tensor(s.Value));

    [Fact]
    public void Read_TwoTurnsOverManySteps_AveragesEachStatAndLoss()
    {
        using var table = new TrainStatsTable(["d", "g"], CPU, rows: 4);
        for (long s = 0; s < 10; s++) // 10 steps in 4 rows: folds twice
        {
            table.Add(s, "d", "loss_d", tensor((float)s), Stats(("acc", 1f), ("shared", 2f)));
            table.Add(s, "g", "loss_g", tensor(10f), new Dictionary<string, Tensor> { ["shared"] = tensor(4f), ["vector"] = tensor(new[] { 1f, 3f }) });
        }

        var values = table.Read();

        values["loss_d"].Should().BeApproximately(4.5, 1e-9);
        values["loss_g"].Should().Be(10);
        values["acc"].Should().Be(1);
        values["shared"].Should().Be(3, "a name two turns report is averaged over both");
        values["vector"].Should().Be(2, "a non-scalar statistic counts as its mean");
        values.Should().HaveCount(5);
    }

    [Fact]
    public void Read_TurnReportsItsOwnLossKey_KeepsTheReportedValue()
    {
        using var table = new TrainStatsTable(["main"], CPU, rows: 8);
        table.Add(0, "main", "loss", tensor(1f), Stats(("loss", 7f)));

        table.Read()["loss"].Should().Be(7);
    }

    [Fact]
    public void Read_NaNLossInSecondTurnAfterAFold_ThrowsForTheFirstBadStepAndTurn()
    {
        using var table = new TrainStatsTable(["d", "g"], CPU, rows: 3);
        var act = () =>
        {
            // Rows fold at steps 3 and 6; the bad step 5 is found at the second fold at the latest.
            for (long s = 0; s < 8; s++)
            {
                table.Add(s, "d", "loss_d", tensor(s >= 5 ? float.PositiveInfinity : 1f), Stats());
                table.Add(s, "g", "loss_g", tensor(s >= 4 ? float.NaN : 1f), Stats());
            }
            table.Read();
        };

        var error = act.Should().Throw<NonFiniteLossException>().Which;

        error.Step.Should().Be(4);
        error.Turn.Should().Be("g");
    }

    [Fact]
    public void Check_AllFinite_KeepsTheStatistics()
    {
        using var table = new TrainStatsTable(["main"], CPU, rows: 8);
        table.Add(0, "main", "loss", tensor(2f), Stats());
        table.Check();
        table.Add(1, "main", "loss", tensor(4f), Stats());

        table.Read()["loss"].Should().Be(3);
        table.Reset();
        table.Read().Should().BeEmpty();
    }
}
