using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;

namespace SpeechDisentangle.Models.Extraction;

/// <summary>
/// The front end `sdt extract` feeds an experiment's model. EXP/front_end.txt is the source: its normalisation is
/// used, after checking that config.yaml gives the same. Only when the folder has no readable front_end.txt is the
/// normalisation taken from config.yaml; then <see cref="Record"/> is null, <see cref="Missing"/> says why, and
/// features can be read from a feature dir but not computed from audio.
/// </summary>
/// <param name="Record">EXP/front_end.txt, or null when it is missing or unreadable.</param>
/// <param name="Normalisation">The CMVN and scaling to apply.</param>
/// <param name="Missing">Why <paramref name="Record"/> is null; "" when it is not.</param>
public sealed record ExtractFrontEnd(ModelFrontEnd? Record, ModelNormalisation Normalisation, string Missing)
{
    /// <summary>The front end of <paramref name="experiment"/>.</summary>
    /// <exception cref="InvalidDataException">front_end.txt and config.yaml give different normalisations; the message names both.</exception>
    public static ExtractFrontEnd Load(LoadedExperiment experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var task = experiment.Task as IRecordsFrontEnd ?? throw new ArgumentException(ExtractEncoder.NotASpeechEncoder(experiment.Config));
        var configured = task.Normalisation(experiment.Config);
        string recordPath = Path.Combine(experiment.Directory, ModelFrontEnd.FileName);
        ModelFrontEnd? record;
        try
        {
            record = ModelFrontEnd.Read(experiment.Directory);
        }
        catch (InvalidDataException e)
        {
            // An unreadable record is treated as a missing one: feature dirs can still be encoded.
            return new ExtractFrontEnd(null, configured, e.Message);
        }
        if (record is null) return new ExtractFrontEnd(null, configured, $"{experiment.Directory} has no {ModelFrontEnd.FileName}");
        if (record.Normalisation != configured)
            throw new InvalidDataException(
                $"{recordPath} records {record.Normalisation.Describe()} but {Path.Combine(experiment.Directory, ExperimentConfig.FileName)} gives " +
                $"{configured.Describe()}; `sdt train` writes both from one run, so one of them was edited: restore it " +
                $"(or delete {ModelFrontEnd.FileName} to normalise as config.yaml says, reading feature dirs only)");
        return new ExtractFrontEnd(record, record.Normalisation, "");
    }
}
