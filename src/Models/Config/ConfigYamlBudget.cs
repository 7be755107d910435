using YamlDotNet.RepresentationModel;

namespace SpeechDisentangle.Models.Config;

/// <summary>
/// Bounds that keep a damaged config from exhausting the stack or memory: YamlDotNet parses nested brackets
/// recursively (about 40,000 levels overflow the stack and kill the process), and aliases of aliases expand
/// exponentially when the tree is built. No real config comes near either limit.
/// </summary>
internal sealed class ConfigYamlBudget(string source)
{
    public const int MaxDepth = 100;
    public const int MaxValues = 100_000;

    int _values;

    /// <summary>Rejects text whose brackets nest deeper than <see cref="MaxDepth"/> (counted over the whole text, quotes included).</summary>
    public static void CheckFlowNesting(string text, string source)
    {
        int depth = 0, line = 1;
        foreach (char c in text)
        {
            if (c == '\n') line++;
            else if (c is '[' or '{')
            {
                if (++depth > MaxDepth) throw new ConfigException($"{source}:{line}: brackets nest deeper than {MaxDepth} levels");
            }
            else if (c is ']' or '}') depth = Math.Max(0, depth - 1);
        }
    }

    /// <summary>Counts one more value at <paramref name="depth"/>; throws once the tree is too deep or too large.</summary>
    public void Add(YamlNode node, int depth, string path)
    {
        if (depth > MaxDepth)
            throw new ConfigException($"{source}:{node.Start.Line}: {path}: values nest deeper than {MaxDepth} levels");
        if (++_values > MaxValues)
            throw new ConfigException($"{source}:{node.Start.Line}: the config holds more than {MaxValues} values once its aliases are expanded");
    }
}
