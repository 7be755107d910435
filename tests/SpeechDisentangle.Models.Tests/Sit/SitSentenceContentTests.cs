using SpeechDisentangle.Audio.Data;
using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Sit;
using SpeechDisentangle.Models.Tests.Common.SpeechData;
using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Models.Tests.Sit;

/// <summary>Sentence content (data.content: sentence) on a split made with `sdt data split --content sentence`.</summary>
[Collection("torch")]
public sealed class SitSentenceContentTests : IDisposable
{
    readonly SyntheticFeatureDir _data;
    string Split => Path.Combine(_data.Root, "split");
    string ConfigPath => Path.Combine(_data.Root, "sit.yaml");

    public SitSentenceContentTests()
    {
        TorchTestSetup.Init();
        _data = new SyntheticFeatureDir(speakers: 5, repeats: 3);
        // Every speaker reads "one two three" (written two ways) and says one sentence nobody else does (in place of a "one").
        var text = _data.Text.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        foreach (var (utt, spk) in _data.Utt2Spk)
        {
            if (utt.EndsWith("_000", StringComparison.Ordinal)) text[utt] = $"Only {spk} says this.";
            else if (text[utt] == "one two three" && spk is "spk1" or "spk3") text[utt] = "One, two... Three!";
        }
        File.WriteAllLines(Path.Combine(_data.Dir, "text"), text.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));
        DataSplit.Run(_data.Dir, Split, new DataSplitOptions { HeldSpeakers = 2, ValidFraction = 0.15, TestFraction = 0.3, Seed = 1, Content = ContentMode.Sentence });
        File.WriteAllText(ConfigPath, SitTaskFixture.Config);
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public void LoadData_SentenceContent_SharedSentencesAreClassesOthersIgnored()
    {
        File.ReadAllLines(Path.Combine(Split, "content.txt")).Should().Equal("one 0", "one_two_three 1", "three 2", "two 3");
        var config = Experiment.LoadConfig("sit", ConfigPath, ["data.content=sentence", "model_options.content_classes=4"]);
        var data = new SitTask().LoadData(Split, config);

        var unseenText = File.ReadAllLines(Path.Combine(Split, "unseen", "text")).Select(l => l.Split(' ', 2)[1]).ToList();
        var labels = SitTask.Set(data, "unseen")[SpeechBatchKeys.Content].data<long>().ToArray();
        labels.Count(l => l == SpeechBatchKeys.Ignore).Should().Be(unseenText.Count(t => t.StartsWith("Only", StringComparison.Ordinal)));
        labels.Count(l => l == 1).Should().Be(2, "both unseen speakers read 'one two three', however written");
        labels.Count(l => l == 0).Should().Be(4, "two unseen speakers x two remaining 'one's");
    }

    [Fact]
    public void LoadData_SentenceContentWithoutContentTxt_ThrowsSayingHowToSplit()
    {
        File.Delete(Path.Combine(Split, "content.txt"));
        var config = Experiment.LoadConfig("sit", ConfigPath, ["data.content=sentence", "model_options.content_classes=4"]);
        var act = () => new SitTask().LoadData(Split, config);
        act.Should().Throw<DataDirException>().WithMessage("*content.txt: missing or empty, but data.content is 'sentence': make the split with 'sdt data split --content sentence'*");
    }

    [Fact]
    public void LoadData_WordContentOnSentenceSplit_ThrowsPointingAtDataContent()
    {
        var config = Experiment.LoadConfig("sit", ConfigPath, ["model_options.content_classes=4"]);
        var act = () => new SitTask().LoadData(Split, config);
        act.Should().Throw<DataDirException>().Which.Errors.Should().Contain(e => e.Contains("needs data.content: sentence"));
    }

    [Fact]
    public void Bind_UnknownContentMode_ThrowsListingTheModes()
    {
        var act = () => new ConfigMap(new Dictionary<string, object?> { ["content"] = "phones" }, "data").Bind<SitDataOptions>();
        act.Should().Throw<ConfigException>().WithMessage("*data.content: 'phones' is not one of word, sentence*");
    }
}
