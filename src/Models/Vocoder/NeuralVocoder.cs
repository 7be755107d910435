using SpeechDisentangle.Models.Common.Vocoder;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Vocoder;

/// <summary>A trained <see cref="VocosModel"/> behind <see cref="IVocoder"/> (eval mode, no gradients, on the model's device).</summary>
public sealed class NeuralVocoder : IVocoder
{
    private readonly VocosModel _model;
    private readonly bool _ownsModel;

    /// <param name="ownsModel">Dispose the model with this vocoder.</param>
    public NeuralVocoder(VocosModel model, bool ownsModel = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _ownsModel = ownsModel;
    }

    public MelSpec Spec => _model.Spec;

    /// <summary>Griffin-Lim iterations after the network (<see cref="VocosOptions.PhaseRefinementIterations"/>; 0 = the network alone).</summary>
    public int RefinementIterations => _model.Options.PhaseRefinementIterations;

    public Tensor Synthesize(Tensor logMel)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        if (logMel.dim() is not (2 or 3) || logMel.shape[^2] != Spec.NMels || logMel.shape[^1] < 2)
            throw new ArgumentException($"log-mel must be [{Spec.NMels}, T] or [B, {Spec.NMels}, T] with T >= 2 (channels-first), got [{string.Join(", ", logMel.shape)}]");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        bool wasTraining = _model.training;
        _model.eval();
        try
        {
            var device = logMel.device;
            var batch = logMel.dim() == 2 ? logMel.unsqueeze(0) : logMel;
            var parameter = _model.parameters().First();
            var audio = _model.Synthesize(batch.to(ScalarType.Float32, parameter.device)).to(device);
            return (logMel.dim() == 2 ? audio.squeeze(0) : audio).MoveToOuterDisposeScope();
        }
        finally
        {
            if (wasTraining) _model.train();
        }
    }

    public void Dispose()
    {
        if (_ownsModel) _model.Dispose();
    }
}
