using System.Globalization;

namespace SpeechDisentangle.Models.Core.Config;

/// <summary>What tasks ask of single values of a <see cref="ConfigMap"/> before binding it.</summary>
public static class ConfigMapValues
{
    /// <summary>True when <paramref name="key"/> is absent from <paramref name="map"/>, empty, or 0.</summary>
    public static bool IsUnset(ConfigMap map, string key)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (!map.Values.TryGetValue(key, out var value) || value is null) return true;
        string text = value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? "";
        return text.Trim() is "" or "0";
    }
}
