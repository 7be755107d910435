using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Training;

namespace SpeechDisentangle.Models.Tests.Core.Training;

public class LrScheduleTests
{
    [Fact]
    public void Factor_Cosine_StartsAtOneEndsAtMinFactorHalfwayBetween()
    {
        var o = new LrScheduleOptions { Kind = LrScheduleKind.Cosine, MinFactor = 0.1 };

        LrSchedule.Factor(o, 0, 101).Should().BeApproximately(1.0, 1e-12);
        LrSchedule.Factor(o, 50, 101).Should().BeApproximately(0.55, 1e-12);
        LrSchedule.Factor(o, 100, 101).Should().BeApproximately(0.1, 1e-12);
    }

    [Fact]
    public void Factor_StepDecay_MultipliesByGammaEveryStepSize()
    {
        var o = new LrScheduleOptions { Kind = LrScheduleKind.Step, StepSize = 10, Gamma = 0.5 };

        LrSchedule.Factor(o, 9, 100).Should().Be(1.0);
        LrSchedule.Factor(o, 10, 100).Should().Be(0.5);
        LrSchedule.Factor(o, 25, 100).Should().Be(0.25);
    }

    [Fact]
    public void Factor_Warmup_RampsLinearlyThenHandsOver()
    {
        var o = new LrScheduleOptions { Kind = LrScheduleKind.Constant, WarmupSteps = 4 };

        Enumerable.Range(0, 6).Select(s => LrSchedule.Factor(o, s, 100)).Should().Equal(0.25, 0.5, 0.75, 1, 1, 1);
    }

    [Fact]
    public void Factor_Dann_FollowsMu0Over1Plus10PToThe075()
    {
        var o = new LrScheduleOptions { Kind = LrScheduleKind.Dann };

        LrSchedule.Factor(o, 50, 101).Should().BeApproximately(1 / Math.Pow(1 + 10 * 0.5, 0.75), 1e-12);
    }

    [Fact]
    public void Validate_SeveralBadValues_ReportsThemAll()
    {
        var options = new TrainerOptions
        {
            MaxSteps = 0, LogEvery = 0, Device = "tpu",
            Schedules = new Dictionary<string, LrScheduleOptions> { ["g"] = new() { Kind = LrScheduleKind.Step, StepSize = 0 } },
        };

        var act = options.Validate;

        act.Should().Throw<ArgumentException>()
            .WithMessage("*max_steps*").WithMessage("*log_every*").WithMessage("*device*").WithMessage("*schedules.g: step_size*");
    }
}
