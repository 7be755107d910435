using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Tests.Core.Training;

namespace SpeechDisentangle.Models.Tests.Core.Config;

/// <summary>Every config a recipe ships loads: a registered model that builds from its options, optimizers that resolve
/// against the model's, trainer settings that validate. (Data options are read with the data, not here.)</summary>
// Building the models draws their initial weights from torch's global generator: in the torch collection, so no
// test that seeds that generator runs beside it.
[Collection("torch")]
public class RecipeConfigsTests
{
    public RecipeConfigsTests() => TorchTestSetup.Init();

    // Options a task fills in from the training data (ModelTask.CompleteFromData), given here as the data would.
    static readonly Dictionary<string, string[]> FromData = new(StringComparer.Ordinal) { ["vc-adv"] = ["model_options.speakers=12"] };

    public static TheoryData<string> RecipeConfigs()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, "recipes"), "*.yaml", SearchOption.AllDirectories)
                     .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "conf").Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepoRoot.Path, file));
        return data;
    }

    [Fact]
    public void TheRecipesShipConfigs() => RecipeConfigs().Should().HaveCountGreaterThan(10);

    [Theory]
    [MemberData(nameof(RecipeConfigs))]
    public void RecipeConfig_Loads(string relativePath)
    {
        string path = Path.Combine(RepoRoot.Path, relativePath);
        var config = ConfigLoader.Load(path, FromData.GetValueOrDefault(ConfigLoader.Load(path, []).Model, []));

        var task = ModelRegistry.Get(config.Model);
        var model = task.Build(task.ResolveOptions(config.ModelOptions));
        using var module = model.Module;
        config.ResolveOptimizers(model.Optimizers).Keys.Should().BeEquivalentTo(model.Optimizers.Select(o => o.Name));
        config.Trainer.Validate();
    }
}
