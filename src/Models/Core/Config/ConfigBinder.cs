using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace SpeechDisentangle.Models.Core.Config;

/// <summary>
/// Binds YAML trees to option records and back. Keys are snake_case (<c>max_steps</c>), properties PascalCase
/// (<c>MaxSteps</c>); a key with no property is an error (one named by a <see cref="MovedKeyAttribute"/> says where it
/// went), a property with no key keeps its default. Scalars are
/// converted to the property's type (string, bool, integers, floating point, enums), nested records, lists and
/// string-keyed dictionaries recurse. Every problem is collected and reported at once.
/// </summary>
public static class ConfigBinder
{
    public static T Bind<T>(IReadOnlyDictionary<string, object?> values, string path, ConfigLocations locations) where T : class, new()
    {
        var errors = new List<string>();
        var result = (T)BindObject(typeof(T), values, path, locations, errors)!;
        if (errors.Count > 0) throw ConfigException.From(errors);
        return result;
    }

    /// <summary>A record's public properties as a snake_case tree (maps, lists and plain scalars).</summary>
    public static Dictionary<string, object?> ToTree(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options is ConfigMap map) return map.Values.ToDictionary(kv => kv.Key, kv => ToValue(kv.Value), StringComparer.Ordinal);
        var tree = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in Properties(options.GetType()))
            tree[SnakeCase(property.Name)] = ToValue(property.GetValue(options));
        return tree;
    }

    /// <summary>"MaxSteps" → "max_steps".</summary>
    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    static object? ToValue(object? value) => value switch
    {
        null => null,
        string or bool or int or long or double or float or ulong or uint or short or byte or decimal => value,
        Enum e => SnakeCase(e.ToString()),
        ConfigMap m => ToTree(m),
        IDictionary d => d.Keys.Cast<object>().ToDictionary(k => System.Convert.ToString(k, CultureInfo.InvariantCulture)!, k => ToValue(d[k]), StringComparer.Ordinal),
        IEnumerable list => list.Cast<object?>().Select(ToValue).ToList(),
        _ => ToTree(value),
    };

    static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract");

    static object? BindObject(Type type, IReadOnlyDictionary<string, object?> values, string path, ConfigLocations locations, List<string> errors)
    {
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            errors.Add($"{locations.Describe(path)}: {Show(path)}: {type.Name} cannot be read from a config (no parameterless constructor)");
            return null;
        }
        object target = Activator.CreateInstance(type)!;
        var byKey = Properties(type).ToDictionary(p => Normalize(p.Name), StringComparer.Ordinal);
        foreach (var (key, raw) in values)
        {
            string childPath = Join(path, key);
            if (!byKey.TryGetValue(Normalize(key), out var property))
            {
                var moved = type.GetCustomAttributes<MovedKeyAttribute>().FirstOrDefault(m => Normalize(m.Key) == Normalize(key));
                errors.Add(moved is not null
                    ? $"{locations.Describe(childPath)}: '{childPath}' has moved: set {moved.Replacement} instead"
                    : $"{locations.Describe(childPath)}: unknown key '{childPath}' (known: {string.Join(", ", byKey.Values.Select(p => SnakeCase(p.Name)))})");
                continue;
            }
            int before = errors.Count;
            object? value = Convert(raw, property.PropertyType, childPath, locations, errors, Nullable(property));
            if (errors.Count == before) property.SetValue(target, value);
        }
        return target;
    }

    static bool Nullable(PropertyInfo property) =>
        System.Nullable.GetUnderlyingType(property.PropertyType) is not null ||
        (!property.PropertyType.IsValueType && new NullabilityInfoContext().Create(property).WriteState != NullabilityState.NotNull);

    static object? Convert(object? raw, Type type, string path, ConfigLocations locations, List<string> errors, bool nullable)
    {
        string where = locations.Describe(path);
        if (raw is null)
        {
            if (nullable) return null;
            errors.Add($"{where}: {path}: a value is required ({Describe(type)})");
            return null;
        }
        var underlying = System.Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(object)) return raw;
        if (underlying == typeof(ConfigMap))
        {
            if (raw is IReadOnlyDictionary<string, object?> m) return new ConfigMap(m, path, locations);
            errors.Add($"{where}: {path}: expected a mapping");
            return null;
        }
        if (raw is IReadOnlyDictionary<string, object?> map)
        {
            if (DictionaryValueType(underlying) is { } valueType)
            {
                var dict = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType), StringComparer.Ordinal)!;
                foreach (var (k, v) in map) dict[k] = Convert(v, valueType, Join(path, k), locations, errors, nullable: !valueType.IsValueType);
                return dict;
            }
            if (IsScalar(underlying) || ListElementType(underlying) is not null)
            {
                errors.Add($"{where}: {path}: expected {Describe(underlying)}, got a mapping");
                return null;
            }
            return BindObject(underlying, map, path, locations, errors);
        }
        if (raw is IReadOnlyList<object?> list)
        {
            if (ListElementType(underlying) is not { } elementType)
            {
                errors.Add($"{where}: {path}: expected {Describe(underlying)}, got a list");
                return null;
            }
            var items = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
            for (int i = 0; i < list.Count; i++) items.Add(Convert(list[i], elementType, $"{path}[{i}]", locations, errors, nullable: !elementType.IsValueType));
            if (!underlying.IsArray) return items;
            var array = Array.CreateInstance(elementType, items.Count);
            items.CopyTo(array, 0);
            return array;
        }
        return ConvertScalar(raw, underlying, path, where, errors);
    }

    static object? ConvertScalar(object raw, Type type, string path, string where, List<string> errors)
    {
        if (type.IsInstanceOfType(raw)) return raw;
        string text = raw is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : raw.ToString() ?? "";
        var inv = CultureInfo.InvariantCulture;
        object? value = type switch
        {
            _ when type == typeof(string) => text,
            _ when type == typeof(bool) => text.ToLowerInvariant() switch { "true" => true, "false" => false, _ => null },
            _ when type == typeof(int) => int.TryParse(text, NumberStyles.Integer, inv, out int i) ? i : null,
            _ when type == typeof(long) => long.TryParse(text, NumberStyles.Integer, inv, out long l) ? l : null,
            _ when type == typeof(ulong) => ulong.TryParse(text, NumberStyles.Integer, inv, out ulong u) ? u : null,
            _ when type == typeof(double) => ParseDouble(text),
            _ when type == typeof(float) => ParseDouble(text) is double d ? (float)d : null,
            _ when type.IsEnum => Enum.GetNames(type).FirstOrDefault(n => Normalize(n) == Normalize(text)) is { } name ? Enum.Parse(type, name) : null,
            _ => null,
        };
        if (value is null)
        {
            string expected = type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type).Select(SnakeCase)) : Describe(type);
            errors.Add($"{where}: {path}: '{text}' is not {expected}");
        }
        return value;
    }

    static double? ParseDouble(string text) => text.ToLowerInvariant() switch
    {
        ".inf" or "inf" or "+.inf" => double.PositiveInfinity,
        "-.inf" or "-inf" => double.NegativeInfinity,
        ".nan" or "nan" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : null,
    };

    static bool IsScalar(Type t) => t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal);

    static Type? DictionaryValueType(Type t)
    {
        if (!t.IsGenericType) return null;
        var def = t.GetGenericTypeDefinition();
        var args = t.GetGenericArguments();
        bool isDict = def == typeof(Dictionary<,>) || def == typeof(IDictionary<,>) || def == typeof(IReadOnlyDictionary<,>);
        return isDict && args[0] == typeof(string) ? args[1] : null;
    }

    static Type? ListElementType(Type t)
    {
        if (t.IsArray) return t.GetElementType();
        if (!t.IsGenericType) return null;
        var def = t.GetGenericTypeDefinition();
        return def == typeof(List<>) || def == typeof(IList<>) || def == typeof(IReadOnlyList<>) || def == typeof(IEnumerable<>) || def == typeof(IReadOnlyCollection<>)
            ? t.GetGenericArguments()[0]
            : null;
    }

    static string Describe(Type t) => t switch
    {
        _ when t == typeof(bool) => "true or false",
        _ when t == typeof(int) || t == typeof(long) || t == typeof(ulong) => "an integer",
        _ when t == typeof(double) || t == typeof(float) => "a number",
        _ when t == typeof(string) => "a string",
        _ when ListElementType(t) is not null => "a list",
        _ when DictionaryValueType(t) is not null => "a mapping",
        _ => "a " + t.Name + " mapping",
    };

    static string Normalize(string key) => key.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    static string Show(string path) => path.Length == 0 ? "(root)" : path;
}
