using SpeechDisentangle.Models.VoiceConversion.Evaluation;

namespace SpeechDisentangle.Models.Tests.VoiceConversion.Evaluation;

public sealed class VcHeardAsTests
{
    [Fact]
    public void HeardAs_PerTarget_CountsTheJudgesVerdictsMostOftenFirst()
    {
        string[] targets = ["p2", "p1", "p1", "p1", "p2"];
        string[] heard = ["p2", "p3", "p1", "p3", "p1"];

        VcEvaluator.HeardAs(targets, heard).Should().Equal("to p1: p3 2, p1 1", "to p2: p1 1, p2 1");
    }
}
