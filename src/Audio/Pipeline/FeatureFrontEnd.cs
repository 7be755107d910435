using System.Globalization;
using System.Reflection;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.Features;
using SpeechDisentangle.Audio.IO;

namespace SpeechDisentangle.Audio.Pipeline;

/// <summary>
/// How the features of a folder were made from audio: the log-mel settings and the channel taken. `sdt features
/// compute` writes them into feats_job.txt (a "log-mel ..." and a "channel ..." line, see
/// <see cref="FeatureJobFingerprint"/>); `sdt data split` copies them into front_end.txt of every subset, so a
/// model trained on a split knows how its features were computed.
/// </summary>
public sealed record FeatureFrontEnd(LogMelOptions LogMel, ChannelSelection Channel)
{
    /// <summary>The record `sdt data split` leaves in each subset.</summary>
    public const string FileName = "front_end.txt";

    const string LogMelKey = "log-mel ";
    static readonly PropertyInfo[] Settable = [.. typeof(LogMelOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)];

    /// <summary>
    /// The front end recorded in <paramref name="dir"/> (front_end.txt, else feats_job.txt, else the first
    /// feats_job.K.txt of a sharded job), or null when the folder has none of them (features made by another
    /// tool, or a split of such features).
    /// </summary>
    /// <exception cref="InvalidDataException">A record exists but cannot be read; the message names the file.</exception>
    public static FeatureFrontEnd? Read(string dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        if (!Directory.Exists(dir)) return null;
        string[] first = [Path.Combine(dir, FileName), Path.Combine(dir, "feats_job.txt")];
        var candidates = first.Concat(Directory.EnumerateFiles(dir, "feats_job.*.txt").Order(StringComparer.Ordinal));
        string? path = candidates.FirstOrDefault(File.Exists);
        return path is null ? null : Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads the "log-mel" and "channel" lines of <paramref name="text"/> (other lines are ignored).</summary>
    public static FeatureFrontEnd Parse(string text, string where)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] lines = text.Split('\n');
        string logMel = lines.FirstOrDefault(l => l.StartsWith(LogMelKey, StringComparison.Ordinal))
            ?? throw new InvalidDataException($"{where}: has no 'log-mel' line, so the front end of these features is unknown");
        var channelLine = lines.Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("channel ", StringComparison.Ordinal) || l == "mean of channels");
        return new FeatureFrontEnd(ParseLogMel(logMel[LogMelKey.Length..], where), ParseChannel(channelLine, where));
    }

    /// <summary>The two lines <see cref="Parse"/> reads, numbers written culture-independently.</summary>
    public string ToText()
    {
        var parts = Settable.Select(p => p.Name + " = " + Format(p.GetValue(LogMel)));
        return $"{LogMelKey}LogMelOptions {{ {string.Join(", ", parts)} }}\n{Channel}\n";
    }

    /// <summary>Writes <see cref="FileName"/> into <paramref name="dir"/>, atomically.</summary>
    public void Write(string dir) =>
        AtomicFile.WriteAllText(Path.Combine(dir, FileName),
            "# how the features in this folder were computed from audio (sdt features compute; sdt data split copies it)\n" + ToText());

    /// <summary>Short human form: "preset kaldi, 80 bins, 16000 Hz, window 400, hop 160, n_fft 512, channel 0".</summary>
    public string Describe()
    {
        var o = LogMel;
        string preset = PresetOf(o) is { } p ? "preset " + p : "a custom log-mel";
        return string.Create(CultureInfo.InvariantCulture,
            $"{preset}, {o.NumMelBins} bins, {o.SampleRate} Hz, window {o.FrameLength}, hop {o.FrameShift}, n_fft {o.FftLength}, {Channel}");
    }

    /// <summary>The settings in which this front end and <paramref name="other"/> differ ("Preemphasis 0.97 vs 0").</summary>
    public IReadOnlyList<string> Differences(FeatureFrontEnd other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = Settable.Where(p => !Equals(p.GetValue(LogMel), p.GetValue(other.LogMel)))
            .Select(p => $"{p.Name} {Format(p.GetValue(LogMel))} vs {Format(p.GetValue(other.LogMel))}").ToList();
        if (Channel != other.Channel) result.Add($"{Channel} vs {other.Channel}");
        return result;
    }

    /// <summary>The preset whose mel layout and framing style <paramref name="o"/> has (whatever its overrides), or null.</summary>
    static string? PresetOf(LogMelOptions o) =>
        LogMelPreset.Names.FirstOrDefault(name =>
        {
            var p = LogMelPreset.Create(name, o.SampleRate >= LogMelOptions.MinimumSampleRate ? o.SampleRate : 16000, 4);
            return p.MelScale == o.MelScale && p.FilterNorm == o.FilterNorm && p.Window == o.Window && p.Center == o.Center
                   && p.InputScale.Equals(o.InputScale) && p.Preemphasis.Equals(o.Preemphasis);
        });

    static LogMelOptions ParseLogMel(string text, string where)
    {
        text = text.Trim();
        int open = text.IndexOf('{'), close = text.LastIndexOf('}');
        if (open < 0 || close < open) throw new InvalidDataException($"{where}: the log-mel line is not 'LogMelOptions {{ Name = value, ... }}'");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in text[(open + 1)..close].Split(", "))
        {
            int eq = part.IndexOf(" = ", StringComparison.Ordinal);
            if (eq > 0) values[part[..eq].Trim()] = part[(eq + 3)..].Trim();
        }
        var options = new LogMelOptions();
        foreach (var p in Settable)
        {
            // A setting added to LogMelOptions after the record was written had its default then.
            if (!values.TryGetValue(p.Name, out string? value)) continue;
            try
            {
                p.SetValue(options, Convert(value, p.PropertyType));
            }
            catch (FormatException)
            {
                throw new InvalidDataException($"{where}: log-mel {p.Name} = '{value}' is not a {p.PropertyType.Name}");
            }
        }
        return options;
    }

    static object? Convert(string value, Type type)
    {
        var inner = Nullable.GetUnderlyingType(type);
        if (inner is not null) return value.Length == 0 ? null : Convert(value, inner);
        if (type.IsEnum) return Enum.TryParse(type, value, out var e) ? e : throw new FormatException();
        if (type == typeof(bool)) return bool.Parse(value);
        if (type == typeof(int)) return int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture);
        // feats_job.txt of older runs wrote doubles in the writer's culture; the invariant form is tried first.
        if (type == typeof(double))
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : double.Parse(value, NumberStyles.Float, CultureInfo.CurrentCulture);
        throw new FormatException();
    }

    static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static ChannelSelection ParseChannel(string? line, string where)
    {
        if (line is null || line == "mean of channels") return line is null ? ChannelSelection.Default : ChannelSelection.Mean;
        return int.TryParse(line["channel ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int c)
            ? ChannelSelection.Channel(c)
            : throw new InvalidDataException($"{where}: '{line}' is not 'channel N' or 'mean of channels'");
    }
}
