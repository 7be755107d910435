using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Pipeline;

namespace SpeechDisentangle.Audio.Tests.Split;

public class DataSplitSentenceTests
{
    static readonly DataSplitOptions Options = new()
    {
        HeldSpeakers = 2, ValidFraction = 0.2, TestFraction = 0.2, Seed = 3, Content = ContentMode.Sentence,
    };

    // Six speakers read the same two passages (written differently), each a sentence of their own, and s0-s1 one more.
    static SplitDataDir Corpus() => new(speakers: 6, words: ["Please call Stella."], repeats: 1, sentences: false, extra: s =>
        new[] { s % 2 == 0 ? "Ask her to bring these things." : "ask her, to bring these things", $"Speaker {s} alone says this." }
            .Concat(s < 2 ? ["Only two speakers say this."] : []));

    static Dictionary<string, string> Table(string path) =>
        File.ReadAllLines(path).Select(l => l.Split(' ', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");

    [Fact]
    public void Run_SentenceContent_SharedSentencesAreClassesInEverySplit()
    {
        using var data = Corpus();
        DataSplit.Run(data.Dir, data.Out, Options);

        File.ReadAllLines(Path.Combine(data.Out, "content.txt")).Should().Equal("ask_her_to_bring_these_things 0", "please_call_stella 1");
        foreach (var name in DataSplit.Names)
        {
            var keys = Table(Path.Combine(data.Out, name, "text")).Values.Select(ContentModes.SentenceKey).ToHashSet();
            keys.Should().Contain(["please_call_stella", "ask_her_to_bring_these_things"], $"{name} holds every shared sentence");
        }
        // The sentences nobody shares still reach the splits (speaker parts use them), unlabelled.
        Table(Path.Combine(data.Out, "train", "text")).Values.Should().Contain(t => t.EndsWith("alone says this.", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_SentenceContent_TooFewSharingSpeakers_ThrowsNamingTextAndOption()
    {
        using var data = Corpus();
        var act = () => DataSplit.Run(data.Dir, data.Out, Options with { SentenceSpeakers = 5 });
        act.Should().Throw<DataDirException>().Which.Errors.Should()
            .Contain(e => e.Contains("text: 0 sentence(s) are read by at least 5 seen speakers") && e.Contains("--sentence-speakers"));
    }

    [Fact]
    public void Run_WordContent_SameCorpus_HasNoClasses()
    {
        using var data = Corpus();
        DataSplit.Run(data.Dir, data.Out, Options with { Content = ContentMode.Word });
        File.ReadAllText(Path.Combine(data.Out, "content.txt")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("Please call Stella.", "please_call_stella")]
    [InlineData("  please,  CALL stella ", "please_call_stella")]
    [InlineData("Don't ask - 'please'!", "don't_ask_please")]
    [InlineData("Six spoons of fresh snow peas, five thick slabs", "six_spoons_of_fresh_snow_peas_five_thick_slabs")]
    [InlineData(" ... ", null)]
    public void SentenceKey_CaseAndPunctuation_AreIgnored(string text, string? expected) =>
        ContentModes.SentenceKey(text).Should().Be(expected);

    [Fact]
    public void Parse_UnknownMode_ThrowsListingTheModes()
    {
        ContentModes.Parse(" Sentence ").Should().Be(ContentMode.Sentence);
        var act = () => ContentModes.Parse("phones");
        act.Should().Throw<ArgumentException>().WithMessage("*'word'*'sentence'*got 'phones'*");
    }
}
