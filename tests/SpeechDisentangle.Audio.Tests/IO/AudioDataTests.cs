using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Audio.Tests.IO;

public sealed class AudioDataTests
{
    static readonly AudioData Stereo = new([[1f, 2f, 3f], [3f, -2f, 0f]], 8000, "stereo.wav");

    [Fact]
    public void Downmix_Stereo_IsMean()
    {
        Stereo.Downmix().Should().Equal(2f, 0f, 1.5f);
    }

    [Fact]
    public void ToMono_Default_IsChannel0Copy()
    {
        float[] mono = Stereo.ToMono();

        mono.Should().Equal(1f, 2f, 3f);
        mono.Should().NotBeSameAs(Stereo.Channels[0]);
        default(ChannelSelection).Should().Be(ChannelSelection.Default);
    }

    [Fact]
    public void GetChannel_OutOfRange_NamesSourceAndCount()
    {
        Action act = () => Stereo.GetChannel(2);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("stereo.wav").And.Contain("2 channel(s)");
    }

    [Fact]
    public void Constructor_UnequalChannelLengths_Throws()
    {
        Action act = () => _ = new AudioData([[1f, 2f], [1f]], 8000);

        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("channel 1 has 1 samples");
    }

    [Fact]
    public void ToInt16Scale_MultipliesBy32768()
    {
        AudioData.Mono([0.5f, -1f], 8000).ToInt16Scale().Channels[0].Should().Equal(16384f, -32768f);
    }

    [Fact]
    public void DurationSeconds_IsFramesOverRate()
    {
        Stereo.DurationSeconds.Should().Be(3.0 / 8000);
    }
}
