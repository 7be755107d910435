using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Dann;

namespace SpeechDisentangle.Models.Tests.Dann;

[Collection("torch")]
public class DannScheduleTests
{
    static DannObjective Objective(DannOptions options) => new(new DannModel(new MlpExtractor(2, [4]), options));

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.1, 0.46211715726000974)]   // 2 / (1 + e^-1) - 1
    [InlineData(0.5, 0.9866142981514303)]    // 2 / (1 + e^-5) - 1
    [InlineData(1.0, 0.9999092042625951)]    // 2 / (1 + e^-10) - 1
    public void LambdaAt_DannSchedule_FollowsGaninRamp(double progress, double expected)
    {
        Objective(new DannOptions { Classes = 2, LambdaMax = 1 }).LambdaAt(progress).Should().BeApproximately(expected, 1e-12);
        Objective(new DannOptions { Classes = 2, LambdaMax = 0.5 }).LambdaAt(progress).Should().BeApproximately(0.5 * expected, 1e-12);
    }

    [Fact]
    public void LambdaAt_SourceOnlyOrConstant_GivesZeroOrMax()
    {
        Objective(new DannOptions { Classes = 2, SourceOnly = true }).LambdaAt(0.7).Should().Be(0);
        Objective(new DannOptions { Classes = 2, LambdaSchedule = LambdaSchedule.Constant, LambdaMax = 0.3 }).LambdaAt(0.01).Should().Be(0.3);
    }

    [Fact]
    public void LrSchedules_Default_AnnealsMainOptimizerLikeThePaper()
    {
        var schedule = DannOptions.LrSchedules()["main"];
        schedule.Kind.Should().Be(LrScheduleKind.Dann);
        SpeechDisentangle.Models.Core.Training.LrSchedule.Factor(schedule, 99, 100).Should().BeApproximately(1 / Math.Pow(11, 0.75), 1e-12);
    }

    [Fact]
    public void Validate_SeveralBadFields_ReportsThemAll()
    {
        var act = () => new DannOptions { Classes = 1, LambdaMax = -1, LabelKey = "" }.Validate();
        act.Should().Throw<ArgumentException>().Which.Message.Should()
            .Contain("classes").And.Contain("lambda_max").And.Contain("label_key");
    }

    [Fact]
    public void Errors_SpeechOptionsWithBadEncoderAndHeads_ReportsBothAtOnce()
    {
        var options = new DannSpeechOptions { Classes = 1, BatchNorm = DannBatchNorm.Shared, Encoder = new() { InputBins = 0 } };

        options.Errors().Should().Contain(e => e.StartsWith("encoder.input_bins", StringComparison.Ordinal))
            .And.Contain(e => e.StartsWith("classes", StringComparison.Ordinal))
            .And.Contain(e => e.StartsWith("batch_norm", StringComparison.Ordinal));
        new DannSpeechOptions().LabelKey.Should().Be("content", "dann-speech's labels are the utterance-level content");
    }
}
