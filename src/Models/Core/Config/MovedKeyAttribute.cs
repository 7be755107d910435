namespace SpeechDisentangle.Models.Core.Config;

/// <summary>
/// A config key these options no longer read because its setting lives elsewhere now: binding it is an error that
/// names the key to set instead (so an old config fails with directions rather than a bare "unknown key").
/// </summary>
/// <param name="key">The old key, snake_case, relative to the options ("generator_optimizer").</param>
/// <param name="replacement">Where the setting lives now, as a full config path ("optimizers.generator").</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class MovedKeyAttribute(string key, string replacement) : Attribute
{
    public string Key { get; } = key;

    public string Replacement { get; } = replacement;
}
