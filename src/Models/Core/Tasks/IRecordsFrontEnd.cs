using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Config;

namespace SpeechDisentangle.Models.Core.Tasks;

/// <summary>A speech task whose experiments record their front end (EXP/front_end.txt, <see cref="ModelFrontEnd"/>).</summary>
public interface IRecordsFrontEnd
{
    /// <summary>The front end a model trained on <paramref name="dataPath"/> with <paramref name="config"/> is fed.</summary>
    ModelFrontEnd FrontEnd(string dataPath, RunConfig config);
}
