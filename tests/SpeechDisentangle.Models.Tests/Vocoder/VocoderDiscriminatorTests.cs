using SpeechDisentangle.Models.Vocoder;
using SpeechDisentangle.Models.Vocoder.Discriminators;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Vocoder;

[Collection("torch")]
public class VocoderDiscriminatorTests
{
    /// <summary>Output length of a kernel-5, padding-2 conv of the given stride.</summary>
    private static long Strided(long n, long stride) => ((n + 4 - 5) / stride) + 1;

    [Fact]
    public void PeriodDiscriminator_Shapes_OneSequencePerPhaseAndFourFeatureMaps()
    {
        using var scope = NewDisposeScope();
        using var d = new PeriodDiscriminator(period: 3, channels: 4);
        var output = d.call(randn(2, 1000));

        long t0 = 1002 / 3;  // padded to a multiple of the period
        long t1 = Strided(t0, 3), t2 = Strided(t1, 3), t3 = Strided(t2, 3);
        output.Features.Select(f => f.shape).Should().SatisfyRespectively(
            s => s.Should().Equal(6, 4, t1),
            s => s.Should().Equal(6, 8, t2),
            s => s.Should().Equal(6, 16, t3),
            s => s.Should().Equal(6, 16, t3));
        output.Scores.shape.Should().Equal(6, 1, t3);
    }

    [Fact]
    public void PeriodDiscriminator_EachPhaseJudgedApart_ChangingOnePhaseMovesOnlyItsRow()
    {
        using var scope = NewDisposeScope();
        using var d = new PeriodDiscriminator(period: 5, channels: 4);
        var audio = randn(1, 500);
        var factor = ones(100, 5);
        factor.select(1, 2).fill_(3);  // samples 2, 7, 12, ...: phase 2 only
        var changed = audio * factor.reshape(1, 500);

        var a = d.call(audio).Scores;
        var b = d.call(changed).Scores;

        var moved = (a - b).abs().amax([1, 2]);
        for (int row = 0; row < 5; row++)
        {
            if (row == 2) moved[row].item<float>().Should().BeGreaterThan(0, "the changed phase is judged anew");
            else moved[row].item<float>().Should().Be(0, $"phase {row} was not changed");
        }
    }

    [Fact]
    public void ResolutionDiscriminator_Shapes_FramesByHalvedBinsAndFiveFeatureMaps()
    {
        using var scope = NewDisposeScope();
        using var d = new ResolutionDiscriminator(fftSize: 64, channels: 4);
        var output = d.call(randn(2, 1000));

        long frames = (1000 / 16) + 1, bins = 33;
        long[] widths = [Half(bins), Half(Half(bins)), Half(Half(Half(bins))), Half(Half(Half(Half(bins))))];
        output.Features.Should().HaveCount(5);
        for (int i = 0; i < 4; i++) output.Features[i].shape.Should().Equal(2, 4, frames, widths[i]);
        output.Features[4].shape.Should().Equal(2, 4, frames, widths[3]);
        output.Scores.shape.Should().Equal(2, 1, frames, widths[3]);

        static long Half(long n) => ((n - 1) / 2) + 1;  // kernel 9, padding 4, stride 2
    }

    [Fact]
    public void ResolutionDiscriminator_LouderCopy_IsJudgedAlike()
    {
        using var scope = NewDisposeScope();
        using var d = new ResolutionDiscriminator(fftSize: 128, channels: 4);
        var audio = randn(2, 800) * 0.1;

        var quiet = d.call(audio).Scores;
        var loud = d.call(audio * 7).Scores;

        // Peak normalisation makes the input identical up to float rounding.
        double scale = quiet.abs().max().item<float>();
        (quiet - loud).abs().max().item<float>().Should().BeLessThan((float)(1e-4 * scale));
    }

    [Fact]
    public void VocoderDiscriminator_BuildsTheKindsAsked()
    {
        using var scope = NewDisposeScope();
        var options = new VocosOptions { Discriminator = VocoderDiscriminatorKind.MpdMrd, DiscriminatorChannels = 2, Periods = [2, 3], DiscriminatorResolutions = [64, 128, 256] };
        using var both = new VocoderDiscriminator(options);
        using var periodsOnly = new VocoderDiscriminator(options with { Discriminator = VocoderDiscriminatorKind.Mpd });
        var audio = randn(1, 600);

        var judged = both.call(audio);
        judged.Periods.Should().HaveCount(2);
        judged.Resolutions.Should().HaveCount(3);
        periodsOnly.call(audio).Resolutions.Should().BeEmpty();
        var none = () => new VocoderDiscriminator(options with { Discriminator = VocoderDiscriminatorKind.None });
        none.Should().Throw<ArgumentException>().WithMessage("*none*");
    }

    [Fact]
    public void ResolutionDiscriminator_AudioShorterThanHalfItsFft_SaysWhatItNeeds()
    {
        using var d = new ResolutionDiscriminator(fftSize: 256, channels: 2);
        using var audio = randn(1, 100);
        var act = () => d.call(audio);
        act.Should().Throw<ArgumentException>().WithMessage("*FFT size 256*L > 128*[1, 100]*");
    }
}
