using SpeechDisentangle.Audio.Corpora;

namespace SpeechDisentangle.Audio.Tests.CorporaLayouts;

public sealed class TimitPhonesTests
{
    [Fact]
    public void PhoneSets_HaveTheStandardSizesSortedWithoutRepeats()
    {
        TimitPhones.Full61.Should().HaveCount(61).And.OnlyHaveUniqueItems().And.BeInAscendingOrder(StringComparer.Ordinal);
        TimitPhones.Folded39.Should().HaveCount(39).And.OnlyHaveUniqueItems().And.BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public void Fold_AllPhonesButQ_ReachesExactlyThe39Classes()
    {
        var folded = TimitPhones.Full61.Where(p => p != "q").Select(p => TimitPhones.Fold(p)!).Distinct();
        folded.Should().BeEquivalentTo(TimitPhones.Folded39);
    }

    [Theory]
    [InlineData("ao", "aa")]
    [InlineData("ax-h", "ah")]
    [InlineData("axr", "er")]
    [InlineData("hv", "hh")]
    [InlineData("ix", "ih")]
    [InlineData("el", "l")]
    [InlineData("em", "m")]
    [InlineData("nx", "n")]
    [InlineData("eng", "ng")]
    [InlineData("zh", "sh")]
    [InlineData("ux", "uw")]
    [InlineData("kcl", "sil")]
    [InlineData("epi", "sil")]
    [InlineData("h#", "sil")]
    [InlineData("pau", "sil")]
    [InlineData("dx", "dx")]
    public void Fold_LeeHonMerges_MapAsPublished(string phone, string expected) =>
        TimitPhones.Fold(phone).Should().Be(expected);

    [Fact]
    public void Fold_GlottalStop_IsDropped() => TimitPhones.Fold("q").Should().BeNull();

    [Fact]
    public void Fold_UnknownSymbol_Throws()
    {
        var act = () => TimitPhones.Fold("xx");
        act.Should().Throw<ArgumentException>().WithMessage("'xx' is not one of the 61 TIMIT phones*");
    }
}
