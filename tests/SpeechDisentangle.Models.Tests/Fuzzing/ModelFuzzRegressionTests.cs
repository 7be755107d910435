using System.Text;
using SpeechDisentangle.Models.Common.Mnist;
using SpeechDisentangle.Models.Core.Config;

namespace SpeechDisentangle.Models.Tests.Fuzzing;

/// <summary>The smallest inputs behind the bugs the fuzzers found, each pinned to the behaviour the fix gives.</summary>
public class ModelFuzzRegressionTests
{
    [Fact]
    public void Yaml_TextThatTripsYamlDotNetsScanner_IsAConfigError()
    {
        // Was: InvalidOperationException from YamlDotNet's Scanner.ScanPlainScalar.
        Action act = () => ConfigLoader.Parse(": {\np", "bad.yaml");

        act.Should().Throw<ConfigException>().WithMessage("bad.yaml: not valid YAML*");
    }

    [Fact]
    public void Yaml_BracketsNestedTooDeep_AreRejectedBeforeTheTreeIsBuilt()
    {
        // 40,000 levels overflowed the stack inside YamlDotNet's node builder and killed the process.
        string yaml = "model: x\nv: " + new string('[', 101) + new string(']', 101);

        Action act = () => ConfigLoader.Parse(yaml, "deep.yaml");

        act.Should().Throw<ConfigException>().WithMessage("deep.yaml:2: values nest deeper than 100 levels");
    }

    [Fact]
    public void Yaml_CompactBlockNestingTooDeep_IsRejectedBeforeTheTreeIsBuilt()
    {
        // "- ? " 10,000 times (40 KB, no brackets) overflowed the same stack.
        string yaml = string.Concat(Enumerable.Repeat("- ? ", 51)) + "x\n";

        Action act = () => ConfigLoader.Parse(yaml, "compact.yaml");

        act.Should().Throw<ConfigException>().WithMessage("compact.yaml:1: values nest deeper than 100 levels");
    }

    [Fact]
    public void Yaml_AnchorWhoseKeyIsAnAliasToIt_IsRejectedBeforeTheTreeIsBuilt()
    {
        // Found by afl-fuzz (62 bytes, reduced to these 11): resolving the alias recursed in YamlAliasNode.Equals
        // until the stack overflowed and the process died.
        Action act = () => ConfigLoader.Parse(":\n*L:\nL: &L", "alias.yaml");

        act.Should().Throw<ConfigException>().WithMessage("alias.yaml:2: anchors and aliases are not supported (*L)");
    }

    [Fact]
    public void Yaml_AliasesOfAliases_AreRejected()
    {
        // Was: each level of aliases multiplied the tree by ten; twelve levels never finished.
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 6; i++) yaml.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");

        Action act = () => ConfigLoader.Parse(yaml.ToString(), "bomb.yaml");

        act.Should().Throw<ConfigException>().WithMessage("bomb.yaml:1: anchors and aliases are not supported (&a0)");
    }

    [Fact]
    public void Idx_ZeroImagesOfOverflowingSize_IsRejected()
    {
        // Was: read as 0 images of 65536 x 65536 whose PixelsPerImage overflowed to 0.
        using var dir = new Core.Training.TestDirectory();
        string path = dir.Combine("huge-idx3-ubyte");
        File.WriteAllBytes(path, [0, 0, 8, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0]);

        Action act = () => MnistIdx.ReadImages(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"'{path}': images of 65536 x 65536 pixels in the header are too large");
    }
}
