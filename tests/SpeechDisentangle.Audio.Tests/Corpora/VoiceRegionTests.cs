using SpeechDisentangle.Audio.Corpora;

namespace SpeechDisentangle.Audio.Tests.Corpora;

public sealed class VoiceRegionTests : IDisposable
{
    readonly string _root = Path.Combine(Path.GetTempPath(), "sdt-region-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    IReadOnlyList<IReadOnlyDictionary<string, string>> Table(int voices, int seed)
    {
        var speakers = VoiceSampler.Draw(voices, seed).Select((v, i) => ($"p{1001 + i}", new SynthSpeaker(v.Spec, v.Gender, v)));
        VoiceTable.Write(_root, speakers, seed);
        return VoiceTable.Read(Path.Combine(_root, VoiceTable.FileName));
    }

    [Fact]
    public void Read_GivesBackEveryVoiceWithItsParameters()
    {
        var rows = Table(5, seed: 4);
        var voices = VoiceSampler.Draw(5, seed: 4);

        rows.Select(r => r["speaker"]).Should().Equal("p1001", "p1002", "p1003", "p1004", "p1005");
        rows.Select(r => r["pitch_base_hz"]).Should().Equal(voices.Select(v => v.PitchBaseHz.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        rows.Should().OnlyContain(r => r["seed"] == "4" && r.Count == VoiceTable.Columns.Count);
        File.Exists(Path.Combine(_root, VoiceTable.VariantFolder, "p1003")).Should().BeTrue();
    }

    [Fact]
    public void Contains_ComparesNumbersAsNumbers_AndTextByEquality_AllConditionsHolding()
    {
        var rows = Table(200, seed: 1);
        var voices = VoiceSampler.Draw(200, seed: 1);

        var high = VoiceRegion.Parse(["pitch_base_hz>=200", "klatt = 0"]);
        rows.Count(high.Contains).Should().Be(voices.Count(v => v.PitchBaseHz >= 200 && v.Klatt == 0)).And.BeGreaterThan(0);
        var accent = VoiceRegion.Parse(["accent=en-029", "formant_scale<1"]);
        rows.Count(accent.Contains).Should().Be(voices.Count(v => v.Accent == "en-029" && v.FormantScale < 1)).And.BeGreaterThan(0);
        rows.Count(VoiceRegion.Parse(["gender!=F"]).Contains).Should().Be(voices.Count(v => v.Gender == "M"));
    }

    [Theory]
    [InlineData("pitch>200", "*unknown column 'pitch'*pitch_base_hz*")]
    [InlineData("pitch_base_hz 200", "*is not COLUMN OP VALUE*")]
    [InlineData("accent<en", "*'<' needs a number, got 'en'*")]
    public void Parse_BadCondition_SaysWhatIsAllowed(string condition, string message)
    {
        var act = () => VoiceRegion.Parse([condition]);
        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Read_MissingOrRaggedTable_NamesTheFileAndLine()
    {
        var missing = () => VoiceTable.Read(Path.Combine(_root, "none.tsv"));
        missing.Should().Throw<CorpusLayoutException>().WithMessage("*none.tsv' does not exist*--voices*");
        Table(2, seed: 0);
        string path = Path.Combine(_root, VoiceTable.FileName);
        File.AppendAllText(path, "p1003\t2\n");
        var ragged = () => VoiceTable.Read(path);
        ragged.Should().Throw<CorpusLayoutException>().WithMessage($"*voices.tsv:4: 2 fields, but the header has {VoiceTable.Columns.Count}");
    }
}
