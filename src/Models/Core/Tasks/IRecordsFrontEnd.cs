using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Config;

namespace SpeechDisentangle.Models.Core.Tasks;

/// <summary>A speech task whose experiments record their front end (EXP/front_end.txt, <see cref="ModelFrontEnd"/>).</summary>
public interface IRecordsFrontEnd
{
    /// <summary>How a model trained with <paramref name="config"/> normalises its features: the one place the task's rule is written.</summary>
    ModelNormalisation Normalisation(RunConfig config);

    /// <summary>The front end a model trained on <paramref name="dataPath"/> with <paramref name="config"/> is fed.</summary>
    ModelFrontEnd FrontEnd(string dataPath, RunConfig config) => ModelFrontEnd.FromData(dataPath, Normalisation(config));
}
