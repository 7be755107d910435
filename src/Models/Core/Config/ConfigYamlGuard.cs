using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SpeechDisentangle.Models.Core.Config;

/// <summary>
/// Checks a config's YAML event stream before YamlDotNet builds its node tree, because that builder can kill the
/// process: it recurses once per nesting level (some 18,000 levels of "- ? ", 40 KB of text, overflow an 8 MB stack),
/// and resolving an anchor whose own mapping key is an alias to it recurses forever (a 62-byte file found by afl-fuzz).
/// The event parser itself is iterative, so walking the events is safe. Anchors and aliases were never supported
/// (and no config needs them); a config nests a few levels, so 100 is far beyond any real one.
/// </summary>
internal static class ConfigYamlGuard
{
    public const int MaxDepth = 100;

    /// <summary>Throws <see cref="ConfigException"/> for anchors, aliases or nesting deeper than <see cref="MaxDepth"/>;
    /// YamlDotNet's own exceptions for malformed text pass through to the caller.</summary>
    public static void Check(string text, string source)
    {
        var parser = new Parser(new StringReader(text));
        int depth = 0;
        while (parser.MoveNext())
        {
            ParsingEvent e = parser.Current!;
            if (e is AnchorAlias alias)
                throw new ConfigException($"{source}:{e.Start.Line}: anchors and aliases are not supported (*{alias.Value})");
            if (e is NodeEvent { Anchor.IsEmpty: false } node)
                throw new ConfigException($"{source}:{e.Start.Line}: anchors and aliases are not supported (&{node.Anchor})");
            if (e is MappingStart or SequenceStart && ++depth > MaxDepth)
                throw new ConfigException($"{source}:{e.Start.Line}: values nest deeper than {MaxDepth} levels");
            if (e is MappingEnd or SequenceEnd) depth--;
        }
    }
}
