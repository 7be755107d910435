using SpeechDisentangle.Audio.Corpora;

namespace SpeechDisentangle.Audio.Tests.CorporaLayouts;

public sealed class FrameLabelerTests
{
    // 3000 samples, 400/160 framing: 17 frames with centres 200, 360, ..., 2760.
    static readonly TimitSegment[] Segments =
        [new(0, 1000, "h#"), new(1000, 1300, "q"), new(1300, 2000, "ax"), new(2150, 2600, "s")];

    [Fact]
    public void FrameCount_SnipEdges_CountsWholeFramesOnly()
    {
        FrameLabeler.FrameCount(3000, 400, 160).Should().Be(17);
        FrameLabeler.FrameCount(400, 400, 160).Should().Be(1);
        FrameLabeler.FrameCount(399, 400, 160).Should().Be(0);
    }

    [Fact]
    public void Label_Full61_UsesThePhoneAtEachFrameCentre()
    {
        var symbols = TimitPhones.Full61;
        var labels = FrameLabeler.Label(Segments, 3000, 400, 160, symbols, p => p);
        // Centre 1000 and 1160 are in q; 2120 falls in the gap 2000..2150 and takes ax (left); 2600, 2760 are past the end.
        labels.Select(i => symbols[i]).Should().Equal(
            "h#", "h#", "h#", "h#", "h#", "q", "q", "ax", "ax", "ax", "ax", "ax", "ax", "s", "s", "s", "s");
    }

    [Fact]
    public void Label_Folded39_GivesQTheLabelBeforeIt()
    {
        var symbols = TimitPhones.Folded39;
        var labels = FrameLabeler.Label(Segments, 3000, 400, 160, symbols, TimitPhones.Fold);
        labels.Select(i => symbols[i]).Should().Equal(
            "sil", "sil", "sil", "sil", "sil", "sil", "sil", "ah", "ah", "ah", "ah", "ah", "ah", "s", "s", "s", "s");
    }

    [Fact]
    public void Label_LeadingQ_TakesTheLabelAfterIt()
    {
        var labels = FrameLabeler.Label([new(0, 500, "q"), new(500, 3000, "iy")], 3000, 400, 160, TimitPhones.Folded39, TimitPhones.Fold);
        labels.Should().HaveCount(17).And.OnlyContain(l => TimitPhones.Folded39[l] == "iy");
    }

    [Fact]
    public void Label_ShorterThanOneFrame_GivesNoLabels()
    {
        FrameLabeler.Label(Segments, 300, 400, 160, TimitPhones.Full61, p => p).Should().BeEmpty();
    }
}
