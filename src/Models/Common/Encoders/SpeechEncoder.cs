using System.Globalization;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.SpeechData;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Encoders;

/// <summary>
/// TDNN encoder over log-mel frames (x-vector style): unpadded dilated 1-D convolutions with batch norm and ReLU give
/// per-frame embeddings, and masked statistics pooling gives one utterance embedding.
/// Input: feats [B, T, F] float32 (F = <see cref="SpeechEncoderOptions.InputBins"/>) and lengths [B] int64.
/// Every utterance must be at least <see cref="ReceptiveField"/> frames long; shorter ones are rejected with an
/// error (check with <see cref="CheckLengths"/> before training).
/// Known limitation: in training mode batch norm's batch statistics include the frames of padding (pooling does not).
/// </summary>
public sealed class SpeechEncoder : nn.Module<Tensor, Tensor, EncoderOutput>
{
    readonly Sequential _layers;
    readonly SpeechEncoderOptions _options;

    public SpeechEncoder(SpeechEncoderOptions options) : base(nameof(SpeechEncoder))
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int inputs = options.InputBins;
        for (int i = 0; i < options.Channels.Count; i++)
        {
            // No padding: each output frame sees only real frames, so the receptive field is exact.
            layers.Add(($"tdnn{i}", nn.Conv1d(inputs, options.Channels[i], options.Kernels[i], dilation: options.Dilations[i])));
            // Instance-normalised layers have no module here: their norm needs each row's length (see forward).
            if (i >= options.InstanceNormLayers) layers.Add(($"bn{i}", nn.BatchNorm1d(options.Channels[i])));
            layers.Add(($"relu{i}", nn.ReLU()));
            inputs = options.Channels[i];
        }
        _layers = nn.Sequential(layers);
        RegisterComponents();
    }

    public SpeechEncoderOptions Options => _options;

    /// <summary>Frames one output frame depends on; the shortest utterance the encoder accepts.</summary>
    public int ReceptiveField => _options.ReceptiveField;

    /// <summary>Input frames before the one an output frame is centred on: output frame t is centred on input frame t + LeftContext.</summary>
    public int LeftContext => (_options.ReceptiveField - 1) / 2;

    /// <summary>Size of a per-frame embedding (D).</summary>
    public int FrameDim => _options.FrameDim;

    /// <summary>Size of the pooled utterance embedding (D, or 2D with std pooling).</summary>
    public int PooledDim => _options.PooledDim;

    public override EncoderOutput forward(Tensor feats, Tensor lengths)
    {
        CheckShapes(feats, lengths);
        CheckLengths(lengths);
        var frames = _options.InstanceNormLayers == 0
            ? _layers.forward(feats.transpose(1, 2)).transpose(1, 2)
            : ForwardWithInstanceNorm(feats, lengths);
        var frameLengths = (lengths - (ReceptiveField - 1)).clamp(1, frames.shape[1]);
        var pooled = MaskedStatsPooling.Pool(frames, frameLengths, _options.PoolStd);
        return new EncoderOutput(frames, frameLengths, pooled);
    }

    /// <summary>The layers one by one, instance-normalising the first layers' conv outputs over each row's valid frames.</summary>
    Tensor ForwardWithInstanceNorm(Tensor feats, Tensor lengths)
    {
        var x = feats.transpose(1, 2);
        int layer = 0, lost = 0;
        foreach (var (name, module) in _layers.named_children())
        {
            x = ((nn.Module<Tensor, Tensor>)module).call(x);
            if (!name.StartsWith("tdnn", StringComparison.Ordinal)) continue;
            lost += (_options.Kernels[layer] - 1) * _options.Dilations[layer];
            if (layer < _options.InstanceNormLayers)
            {
                var valid = (lengths - lost).clamp(1, x.shape[2]);
                x = MaskedStatsPooling.InstanceNormalize(x.transpose(1, 2), valid).transpose(1, 2);
            }
            layer++;
        }
        return x.transpose(1, 2);
    }

    /// <summary>
    /// Cuts frame-level labels [B, T] (aligned with the input frames) to the output frames [B, T'], taking the label
    /// of the input frame each output frame is centred on, and marks frames past a row's length with -100.
    /// </summary>
    public Tensor AlignFrameLabels(Tensor frameLabels, Tensor frameLengths)
    {
        ArgumentNullException.ThrowIfNull(frameLabels);
        ArgumentNullException.ThrowIfNull(frameLengths);
        long outFrames = frameLabels.shape[1] - (ReceptiveField - 1);
        if (outFrames < 1)
            throw new ArgumentException($"frame labels have {frameLabels.shape[1]} frames, fewer than the encoder's receptive field of {ReceptiveField}", nameof(frameLabels));
        var labels = frameLabels.narrow(1, LeftContext, outFrames);
        var valid = MaskedStatsPooling.FrameMask(frameLengths, outFrames, ScalarType.Bool);
        return labels.masked_fill(valid.logical_not(), SpeechBatchKeys.Ignore);
    }

    /// <summary>Throws when any utterance is shorter than the receptive field, naming the row and both lengths.</summary>
    public void CheckLengths(Tensor lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        // On a GPU, reading the lengths back would stall every step; the data loaders check lengths on the host.
        if (lengths.numel() == 0 || lengths.device_type != DeviceType.CPU) return;
        using var _ = NewDisposeScope();
        var shortest = lengths.min();
        long min = shortest.item<long>();
        if (min >= ReceptiveField) return;
        long row = lengths.argmin().item<long>();
        throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
            "utterance {0} of the batch has {1} frames, shorter than the speech encoder's receptive field of {2} frames; drop or pad such utterances before training",
            row, min, ReceptiveField), nameof(lengths));
    }

    void CheckShapes(Tensor feats, Tensor lengths)
    {
        if (feats.dim() != 3 || feats.shape[2] != _options.InputBins)
            throw new ArgumentException($"feats must be [batch, frames, {_options.InputBins}] (got [{string.Join(", ", feats.shape)}])", nameof(feats));
        if (lengths.dim() != 1 || lengths.shape[0] != feats.shape[0])
            throw new ArgumentException($"lengths must be [{feats.shape[0]}] (got [{string.Join(", ", lengths.shape)}])", nameof(lengths));
        if (feats.shape[1] < ReceptiveField)
            throw new ArgumentException($"the batch has {feats.shape[1]} frames, shorter than the speech encoder's receptive field of {ReceptiveField} frames", nameof(feats));
    }
}
