using SpeechDisentangle.Audio.Pipeline;
using SpeechDisentangle.Models.Common.SpeechData;

namespace SpeechDisentangle.Models.Core.Tasks;

/// <summary>
/// Before `sdt eval` feeds a speech model: the evaluation data's log-mel front end must be the one the model was
/// trained on (EXP/front_end.txt), or every figure would measure the mismatch instead of the model.
/// </summary>
public static class EvaluationFrontEnd
{
    /// <summary>The flag of `sdt eval` that evaluates on another front end anyway.</summary>
    public const string AnyFrontEndFlag = "--any-front-end";

    /// <summary>
    /// Refuses <paramref name="dataPath"/> when its features record another front end than <paramref name="experiment"/>
    /// was trained on; writes a warning and goes on when either side records none, or when <paramref name="anyFrontEnd"/>.
    /// Tasks that record no front end (images, the vocoder, which computes its own log-mels) are not checked.
    /// </summary>
    /// <exception cref="InvalidDataException">The front ends differ; the message names both folders and the settings.</exception>
    public static void Check(LoadedExperiment experiment, string dataPath, TextWriter warnings, bool anyFrontEnd = false)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(warnings);
        if (experiment.Task is not IRecordsFrontEnd task) return;
        string recordPath = Path.Combine(experiment.Directory, ModelFrontEnd.FileName);
        FeatureFrontEnd? trained;
        try
        {
            var record = ModelFrontEnd.Read(experiment.Directory);
            trained = record?.Features;
            if (trained is null)
            {
                warnings.WriteLine(record is null
                    ? $"sdt: warning: {experiment.Directory} has no {ModelFrontEnd.FileName}, so the front end of {dataPath} is not checked against the model's"
                    : $"sdt: warning: {recordPath} records no log-mel front end ({record.Problem}), so the front end of {dataPath} is not checked");
                return;
            }
        }
        catch (InvalidDataException e)
        {
            warnings.WriteLine($"sdt: warning: {e.Message}; the front end of {dataPath} is not checked against the model's");
            return;
        }
        var data = task.FrontEnd(dataPath, experiment.Config);
        if (data.Features is null)
        {
            warnings.WriteLine($"sdt: warning: {dataPath} records no front end ({data.Problem}), so it is not checked against the model's ({trained.Describe()})");
            return;
        }
        var differences = data.Features.Differences(trained);
        if (differences.Count == 0) return;
        string listed = differences.Count <= 4 ? string.Join("; ", differences) : $"{differences.Count} settings: {string.Join("; ", differences.Take(3))}; ...";
        string message = $"features in {dataPath} were made with {data.Features.Describe()}; the model in {experiment.Directory} was trained on " +
                         $"{trained.Describe()} ({recordPath}; they differ in {listed})";
        if (anyFrontEnd)
        {
            warnings.WriteLine($"sdt: warning: {message}; evaluating anyway ({AnyFrontEndFlag})");
            return;
        }
        throw new InvalidDataException(
            $"{message}. Compute the evaluation features with the model's settings (`sdt features compute`), or pass {AnyFrontEndFlag} " +
            "to measure the model on this front end on purpose");
    }
}
