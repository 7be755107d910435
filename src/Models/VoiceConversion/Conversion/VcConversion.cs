using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.VoiceConversion.AdaIn;
using SpeechDisentangle.Models.VoiceConversion.Adversarial;
using SpeechDisentangle.Models.VoiceConversion.Common;
using SpeechDisentangle.Models.VoiceConversion.Data;
using SpeechDisentangle.Models.Vocoder;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.VoiceConversion.Conversion;

/// <summary>
/// A trained VC experiment ready to convert audio: slaney front end -> model -> vocoder (Griffin-Lim or a trained one) -> WAV.
/// AdaIN-VC takes the target voice from a reference recording; the adversarial model from a training speaker
/// (a name from EXP/speakers.txt or its id).
/// </summary>
public sealed class VcConversion : IDisposable
{
    private readonly IReadOnlyList<string>? _speakers;
    private readonly string _speakerMapPath;

    private VcConversion(LoadedExperiment experiment, string? vocoder, IEnumerable<string>? vocoderOverrides)
    {
        Experiment = experiment;
        Data = VcTaskData.Options(experiment.Config);
        (Converter, int nMels) = experiment.Model switch
        {
            AdaInVcObjective a => ((IVcConverter)new AdaInVcConverter(a.Model), a.Model.Options.NMels),
            AdversarialVcObjective v => (new AdversarialVcConverter(v.Model), v.Model.Options.NMels),
            _ => throw new ArgumentException($"{experiment.Directory}: model '{experiment.Task.Name}' is not a voice-conversion model (vc-adv, vc-adain)"),
        };
        _speakerMapPath = Path.Combine(experiment.Directory, VcSpeakerMap.FileName);
        _speakers = File.Exists(_speakerMapPath) ? VcSpeakerMap.Load(experiment.Directory) : null;
        try
        {
            FrontEnd = new VcFrontEnd(nMels, vocoder: vocoder, vocoderOverrides: vocoderOverrides);
        }
        catch
        {
            experiment.Model.Module.Dispose();
            throw;
        }
    }

    public LoadedExperiment Experiment { get; }
    public IVcConverter Converter { get; }
    public VcDataOptions Data { get; }
    public VcFrontEnd FrontEnd { get; }

    /// <summary>Loads EXP/config.yaml (with <paramref name="overrides"/>, `--set KEY=VALUE`, on top) and the checkpoint, and
    /// the vocoder: `griffin-lim` (null) or a vocoder checkpoint, with <paramref name="vocoderOverrides"/> on its config.</summary>
    public static VcConversion Open(string checkpoint, string? vocoder = null, IEnumerable<string>? overrides = null, IEnumerable<string>? vocoderOverrides = null)
    {
        // Before the (slow) model load, so a mistyped --vocoder fails at once.
        if (!VocoderChoice.IsGriffinLim(vocoder) && !File.Exists(vocoder))
            throw new FileNotFoundException($"--vocoder: '{vocoder}' is neither '{VocoderChoice.GriffinLim}' nor an existing checkpoint", vocoder);
        if (vocoderOverrides?.Any() == true && VocoderChoice.IsGriffinLim(vocoder))
            throw new ArgumentException("--vocoder-set changes a trained vocoder's settings: give --vocoder CKPT with it");
        var experiment = Core.Tasks.Experiment.Load(checkpoint, overrides);
        experiment.Model.Module.eval();
        return new VcConversion(experiment, vocoder, vocoderOverrides);
    }

    /// <summary>The target voice given by a reference recording (AdaIN-VC) or a training speaker (adversarial).</summary>
    public VcTarget Target(string? referenceWav, string? speaker)
    {
        if ((referenceWav is null) == (speaker is null)) throw new ArgumentException("give exactly one of a target recording or a target speaker");
        if (Converter.OneShot)
        {
            if (referenceWav is null)
                throw new ArgumentException($"{Experiment.Task.Name} converts to the voice of a reference recording: give --target WAV, not a speaker");
            return new VcTarget(Path.GetFileNameWithoutExtension(referenceWav), null, Normalise(FrontEnd.Read(referenceWav)));
        }
        if (speaker is null)
            throw new ArgumentException($"{Experiment.Task.Name} converts to training speakers only: give --target-speaker NAME|ID, not a recording");
        if (_speakers is null) throw new FileNotFoundException($"'{_speakerMapPath}' is missing: it is written when training finishes", _speakerMapPath);
        return new VcTarget(speaker, VcSpeakerMap.Resolve(_speakers, speaker, _speakerMapPath), null);
    }

    /// <summary>Converts a normalised-free log-mel utterance; returns the raw (un-normalised) converted log-mel [Bins, T].</summary>
    public Tensor ConvertMel(SpeechUtterance source, VcTarget target)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var scope = NewDisposeScope();
        var converted = Converter.Convert(Normalise(source), target);
        return Denormalise(converted).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Reads <paramref name="sourceWav"/>, converts it and writes <paramref name="outWav"/>; returns the seconds written.
    /// With <paramref name="melNpy"/>, also writes the converted log-mel there as float32 .npy, frames x bins (the
    /// layout of `sdt features compute --format npy`), for another vocoder or for judging without one.
    /// </summary>
    public double ConvertFile(string sourceWav, VcTarget target, string outWav, string? melNpy = null)
    {
        var source = FrontEnd.Read(sourceWav);
        using var mel = ConvertMel(source, target);
        if (melNpy is not null)
        {
            using var frames = mel.t().contiguous().cpu();
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(melNpy))!);
            Audio.Data.NpyFile.Write(melNpy, frames.data<float>().ToArray(), (int)frames.shape[0], (int)frames.shape[1]);
        }
        var audio = FrontEnd.Synthesize(mel);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(outWav));
        if (dir is not null) Directory.CreateDirectory(dir);
        Audio.IO.WavWriter.Write(outWav, audio);
        return audio.DurationSeconds;
    }

    public Tensor Normalise(SpeechUtterance u) => u.ToMel(Data.FeatureOffset, Data.FeatureScale);

    public Tensor Denormalise(Tensor normalised) => normalised.mul(Data.FeatureScale).add(Data.FeatureOffset);

    public void Dispose()
    {
        FrontEnd.Dispose();
        Experiment.Model.Module.Dispose();
    }
}
