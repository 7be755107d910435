using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace SpeechDisentangle.Models.Core.Config;

/// <summary>YAML text ⇄ config trees (string-keyed maps, lists, scalars), remembering each key's line.</summary>
public static class ConfigYaml
{
    /// <summary>Parses a YAML document whose root is a mapping; scalars stay strings, <c>~</c>/<c>null</c>/empty become null.</summary>
    public static Dictionary<string, object?> Parse(string text, ConfigLocations locations)
    {
        ArgumentNullException.ThrowIfNull(locations);
        var stream = new YamlStream();
        try
        {
            ConfigYamlGuard.Check(text, locations.Source);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // The scanner reports the construct it was reading (Start) and where it found the problem (End): a tab
            // on line 4 inside a value that began on line 3 is a line 4 problem.
            string within = e.End.Line > e.Start.Line ? $" (in the value that starts on line {e.Start.Line})" : "";
            throw new ConfigException($"{locations.Source}:{e.End.Line}: {e.Message}{within}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or KeyNotFoundException)
        {
            // YamlDotNet's scanner fails on some malformed text with these instead of a YamlException (no line known).
            throw new ConfigException($"{locations.Source}: not valid YAML ({e.GetType().Name}: {e.Message})", e);
        }
        if (stream.Documents.Count == 0) return new Dictionary<string, object?>(StringComparer.Ordinal);
        var root = stream.Documents[0].RootNode;
        if (root is YamlScalarNode { Value: null or "" }) return new Dictionary<string, object?>(StringComparer.Ordinal);
        if (root is not YamlMappingNode mapping)
            throw new ConfigException($"{locations.Source}:{root.Start.Line}: the config must be a mapping of sections (model, model_options, trainer, optimizers, data)");
        return Map(mapping, "", locations);
    }

    /// <summary>Parses one override value ("100", "[1, 2]", "{kind: cosine}") the same way.</summary>
    public static object? ParseValue(string text, ConfigLocations locations, string path)
    {
        var tree = Parse("v: " + text, new ConfigLocations($"--set {path}={text}"));
        return tree["v"];
    }

    /// <summary>Serializes a tree (plain maps, lists and scalars) as block-style YAML.</summary>
    public static string Write(IReadOnlyDictionary<string, object?> tree)
    {
        var serializer = new SerializerBuilder().WithIndentedSequences().Build();
        return serializer.Serialize(Plain(tree));
    }

    static object? Plain(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> m => m.ToDictionary(kv => kv.Key, kv => Plain(kv.Value)),
        IReadOnlyList<object?> l => l.Select(Plain).ToList(),
        double d => double.IsFinite(d) ? d : d.ToString(CultureInfo.InvariantCulture) switch
        {
            "NaN" => ".nan",
            _ => d > 0 ? ".inf" : "-.inf",
        },
        _ => value,
    };

    static Dictionary<string, object?> Map(YamlMappingNode node, string path, ConfigLocations locations)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in node.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
                throw new ConfigException($"{locations.Source}:{keyNode.Start.Line}: keys must be plain names");
            string childPath = path.Length == 0 ? key : path + "." + key;
            if (result.ContainsKey(key))
                throw new ConfigException($"{locations.Source}:{keyNode.Start.Line}: duplicate key '{childPath}'");
            locations.SetLine(childPath, (int)keyNode.Start.Line);
            result[key] = Value(valueNode, childPath, locations);
        }
        return result;
    }

    static object? Value(YamlNode node, string path, ConfigLocations locations) => node switch
    {
        YamlMappingNode m => Map(m, path, locations),
        YamlSequenceNode s => s.Children.Select((child, i) => Value(child, $"{path}[{i}]", locations)).ToList(),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" } => null,
        YamlScalarNode scalar => scalar.Value,
        _ => throw new ConfigException($"{locations.Source}:{node.Start.Line}: {path}: unsupported YAML node (anchors and aliases are not supported)"),
    };
}
