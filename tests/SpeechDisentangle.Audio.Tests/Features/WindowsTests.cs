using SpeechDisentangle.Audio.Features;

namespace SpeechDisentangle.Audio.Tests.Features;

public class WindowsTests
{
    [Fact]
    public void Povey_OddLength_ZeroAtEdgesOneInMiddleAndHannToThe085()
    {
        var povey = Windows.Povey(401);
        var hann = Windows.Hann(401);

        povey[0].Should().BeApproximately(0, 1e-12);
        povey[400].Should().BeApproximately(0, 1e-12);
        povey[200].Should().BeApproximately(1, 1e-12);
        povey[100].Should().BeApproximately(Math.Pow(0.5, 0.85), 1e-12);
        for (var i = 0; i < povey.Length; i++)
        {
            povey[i].Should().BeApproximately(Math.Pow(hann[i], 0.85), 1e-12);
        }
    }

    [Fact]
    public void Hann_Periodic_MatchesTorchDefinition()
    {
        var w = Windows.Hann(400, periodic: true);

        w[0].Should().Be(0);
        w[200].Should().BeApproximately(1, 1e-12);
        w[100].Should().BeApproximately(0.5, 1e-12);
        w[1].Should().BeApproximately(w[399], 1e-12); // periodic: symmetric about N/2, not (N-1)/2
        w[399].Should().BeGreaterThan(0);
    }

    [Fact]
    public void Hamming_Symmetric_EndsAt008AndIsMirrored()
    {
        var w = Windows.Hamming(25);

        w[0].Should().BeApproximately(0.08, 1e-12);
        w[24].Should().BeApproximately(0.08, 1e-12);
        w[12].Should().BeApproximately(1.0, 1e-12);
        for (var i = 0; i < 25; i++)
        {
            w[i].Should().BeApproximately(w[24 - i], 1e-12);
        }
    }

    [Fact]
    public void Create_ZeroLength_Throws()
    {
        var act = () => Windows.Create(WindowType.Hann, 0);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
