using System.Globalization;
using System.Text;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Audio.Pipeline;

namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>
/// What a speech model was fed, recorded by `sdt train` in EXP/front_end.txt next to config.yaml (which every
/// checkpoint of the folder is read with): the log-mel front end of its training features (<see cref="Features"/>,
/// from the training data's own record; null when that data recorded none), the CMVN mode and whether variances
/// were normalised, and the affine scaling the VC models apply (x − <see cref="Offset"/>) / <see cref="Scale"/>.
/// `sdt extract` computes features from audio with it, and refuses feature dirs made with another front end.
/// </summary>
public sealed record ModelFrontEnd
{
    public const string FileName = "front_end.txt";
    const string Unrecorded = "log-mel unrecorded (";

    /// <summary>The log-mel front end of the training features, or null when the training data did not record it.</summary>
    public FeatureFrontEnd? Features { get; init; }

    /// <summary>Why <see cref="Features"/> is null (no record in the training data, or one that could not be read); "" when it is not.</summary>
    public string Problem { get; init; } = "";

    /// <summary>The training data path (for messages).</summary>
    public string TrainingData { get; init; } = "";

    public CmvnMode Cmvn { get; init; } = CmvnMode.None;

    public bool NormVars { get; init; }

    public double Offset { get; init; }

    public double Scale { get; init; } = 1.0;

    /// <summary>The CMVN and scaling recorded, as one value to compare with what config.yaml gives.</summary>
    public ModelNormalisation Normalisation => new(Cmvn, NormVars, Offset, Scale);

    /// <summary>How the CMVN statistics are gathered, in words.</summary>
    public string StatsPolicy => Cmvn switch
    {
        CmvnMode.Speaker => "per-speaker statistics over all of the speaker's utterances in the data dir (cmvn.scp)",
        CmvnMode.Utterance => "each utterance's own statistics",
        CmvnMode.Global => "statistics over every utterance of the data dir",
        _ => "no normalisation",
    };

    /// <summary>
    /// The record of data at <paramref name="dataPath"/>: its own front-end record, or that of its train/ subset
    /// (a split root); <paramref name="fallback"/> when neither records one (e.g. features a task computes itself).
    /// </summary>
    public static ModelFrontEnd FromData(string dataPath, ModelNormalisation normalisation, FeatureFrontEnd? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        ArgumentNullException.ThrowIfNull(normalisation);
        FeatureFrontEnd? features;
        string problem = "";
        try
        {
            features = FeatureFrontEnd.Read(dataPath) ?? FeatureFrontEnd.Read(Path.Combine(dataPath, "train")) ?? fallback;
            if (features is null) problem = $"the training data had no feats_job.txt or {FeatureFrontEnd.FileName}";
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // A damaged or unreadable record must not stop training; the model then has no front end to compute features from audio with.
            (features, problem) = (null, e.Message);
        }
        return new ModelFrontEnd
        {
            Features = features, Problem = problem, TrainingData = Path.GetFullPath(dataPath),
            Cmvn = normalisation.Cmvn, NormVars = normalisation.NormVars, Offset = normalisation.Offset, Scale = normalisation.Scale,
        };
    }

    /// <summary>Writes EXP/front_end.txt, atomically.</summary>
    public void Write(string experimentDir)
    {
        var text = new StringBuilder();
        text.Append("# sdt train: the front end this model was trained on; `sdt extract` computes features from audio with it\n");
        text.Append("data ").Append(TrainingData).Append('\n');
        text.Append(Features is not null ? Features.ToText() : $"{Unrecorded}{Problem.ReplaceLineEndings(" ")})\n");
        text.Append("cmvn ").Append(Cmvn.ToString().ToLowerInvariant()).Append('\n');
        text.Append("norm-vars ").Append(NormVars ? "true" : "false").Append('\n');
        text.Append("cmvn-stats ").Append(StatsPolicy).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"offset {Offset:R}\nscale {Scale:R}\n");
        AtomicFile.WriteAllText(Path.Combine(experimentDir, FileName), text.ToString());
    }

    /// <summary>EXP/front_end.txt, or null when the experiment folder has none.</summary>
    /// <exception cref="InvalidDataException">The file exists but cannot be read; the message names it.</exception>
    public static ModelFrontEnd? Read(string experimentDir)
    {
        string path = Path.Combine(experimentDir, FileName);
        if (!File.Exists(path)) return null;
        string text = File.ReadAllText(path);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n'))
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && !line.StartsWith('#')) values.TryAdd(line[..space], line[(space + 1)..].Trim());
        }
        string Get(string key) => values.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"{path}: has no '{key}' line");
        double Number(string key) => double.TryParse(Get(key), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d
            : throw new InvalidDataException($"{path}: '{key} {Get(key)}' is not a number");
        string? unrecorded = text.Split('\n').FirstOrDefault(l => l.StartsWith(Unrecorded, StringComparison.Ordinal));
        return new ModelFrontEnd
        {
            Features = unrecorded is null ? FeatureFrontEnd.Parse(text, path) : null,
            Problem = unrecorded is null ? "" : WithoutClosingParenthesis(unrecorded[Unrecorded.Length..].TrimEnd()),
            TrainingData = values.GetValueOrDefault("data", ""),
            Cmvn = Enum.TryParse<CmvnMode>(Get("cmvn"), ignoreCase: true, out var mode) ? mode
                : throw new InvalidDataException($"{path}: 'cmvn {Get("cmvn")}' is not none, utterance, speaker or global"),
            NormVars = Get("norm-vars") == "true",
            Offset = Number("offset"),
            Scale = Number("scale"),
        };
    }

    // Write closes the problem with one ')'; the problem itself may end in one too ("(truncated archive?)").
    static string WithoutClosingParenthesis(string text) => text.EndsWith(')') ? text[..^1] : text;

    /// <summary>One line: "preset kaldi, 80 bins, ...; CMVN speaker (per-speaker statistics ...)".</summary>
    public string Describe() =>
        (Features?.Describe() ?? "an unrecorded log-mel") + $"; CMVN {Cmvn.ToString().ToLowerInvariant()}{(NormVars ? " with variances" : "")} ({StatsPolicy})";
}
