using YamlDotNet.RepresentationModel;

namespace SpeechDisentangle.Models.Config;

/// <summary>
/// Bounds that keep a damaged config from exhausting the stack or memory: YamlDotNet parses nesting recursively
/// (about 18,000 levels of "- ? " or 40,000 brackets overflow an 8 MB stack and kill the process), and aliases of
/// aliases expand exponentially when the tree is built. No real config comes near either limit.
/// </summary>
internal sealed class ConfigYamlBudget(string source)
{
    public const int MaxDepth = 100;
    public const int MaxValues = 100_000;

    // Bound on the nesting estimate of CheckNesting, which over-counts; real configs stay below 50.
    public const int MaxNestingEstimate = 200;

    int _values;

    /// <summary>
    /// Rejects text that could nest deeper than <see cref="MaxNestingEstimate"/> levels, before YamlDotNet recurses
    /// into it. YAML nests only through indentation, block indicators ("- ", "? ", ": ") and brackets, so per line
    /// twice the indentation (a sequence may sit at its key's indentation) plus the indicators plus the open brackets
    /// bounds the depth from above.
    /// </summary>
    public static void CheckNesting(string text, string source)
    {
        int brackets = 0, lineNumber = 0;
        foreach (string line in text.Split('\n'))
        {
            lineNumber++;
            int indent = line.Length - line.TrimStart(' ', '\t').Length;
            int indicators = 0, deepest = brackets;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (c is '-' or '?' or ':' && (i + 1 == line.Length || line[i + 1] is ' ' or '\t' or '\r')) indicators++;
                else if (c is '[' or '{') deepest = Math.Max(deepest, ++brackets);
                else if (c is ']' or '}') brackets = Math.Max(0, brackets - 1);
            }
            if (2 * indent + indicators + deepest > MaxNestingEstimate)
                throw new ConfigException($"{source}:{lineNumber}: nests deeper than {MaxNestingEstimate} levels (indentation, '- ', '? ', ': ' and brackets)");
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
