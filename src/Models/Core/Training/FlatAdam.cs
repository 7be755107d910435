using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>
/// Adam (L2 weight decay added to the gradient, as torch.optim.Adam) or AdamW (decoupled weight decay, as
/// torch.optim.AdamW) over one contiguous buffer. When it is built, every parameter is re-pointed to a slice of one
/// flat parameter buffer and given a gradient that is a slice of one flat gradient buffer; the moments are flat
/// too. So zeroing the gradients, clipping them and the whole update are each a few whole-buffer ops per step
/// instead of several ops per parameter tensor, which is what dominates small models on a GPU.
/// </summary>
/// <remarks>
/// Same arithmetic as TorchSharp's Adam/AdamW, with two differences: one step count is shared by all parameters and
/// every parameter is updated every step (a parameter that got no gradient sees a zero one, which leaves it where
/// it is unless there is weight decay, whereas torch skips it). Rules that come with the views: build the
/// optimizer after the module is on its device and do not move the module afterwards; never replace or drop a
/// parameter's <c>grad</c> (this optimizer's <see cref="zero_grad"/> zeroes the buffer in place); no two FlatAdam
/// instances may share a parameter. All parameters must have one dtype and one device.
/// </remarks>
public sealed class FlatAdam : OptimizerHelper
{
    /// <summary>Each slice starts on a multiple of this many elements, so per-parameter kernels see aligned pointers.</summary>
    const long Alignment = 64;

    readonly List<Parameter> _parameters;
    readonly ParamGroup _group;
    readonly Tensor _data;
    readonly Tensor _grad;
    readonly Tensor _expAvg;
    readonly Tensor _expAvgSq;
    long _step;

    /// <param name="parameters">The parameters to move (duplicates are ignored).</param>
    /// <param name="lr">Learning rate (the trainer may change it through <c>ParamGroups</c>).</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="eps">Added to the denominator.</param>
    /// <param name="weightDecay">L2 penalty (Adam) or decoupled decay rate (AdamW).</param>
    /// <param name="decoupled">True for AdamW.</param>
    public FlatAdam(IEnumerable<Parameter> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, bool decoupled = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(lr >= 0)) throw new ArgumentOutOfRangeException(nameof(lr), lr, "the learning rate must be >= 0");
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1)");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1)");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be >= 0");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "the weight decay must be >= 0");
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        Decoupled = decoupled;

        _parameters = Distinct(parameters);
        if (_parameters.Count == 0) throw new ArgumentException("FlatAdam needs at least one parameter", nameof(parameters));
        var first = _parameters[0];
        foreach (var p in _parameters)
        {
            if (p.dtype != first.dtype || p.device_type != first.device_type || p.device_index != first.device_index)
                throw new ArgumentException($"FlatAdam needs one dtype and device for all parameters: found {first.dtype} on {first.device} and {p.dtype} on {p.device}", nameof(parameters));
        }
        var offsets = new long[_parameters.Count];
        long total = 0;
        for (int i = 0; i < _parameters.Count; i++)
        {
            offsets[i] = total;
            total += (_parameters[i].numel() + Alignment - 1) / Alignment * Alignment;
        }

        using (no_grad())
        using (NewDisposeScope())
        {
            _data = zeros(total, dtype: first.dtype, device: first.device).DetachFromDisposeScope();
            _grad = zeros(total, dtype: first.dtype, device: first.device).DetachFromDisposeScope();
            _expAvg = zeros(total, dtype: first.dtype, device: first.device).DetachFromDisposeScope();
            _expAvgSq = zeros(total, dtype: first.dtype, device: first.device).DetachFromDisposeScope();
            for (int i = 0; i < _parameters.Count; i++)
            {
                var p = _parameters[i];
                var slice = _data.narrow(0, offsets[i], p.numel());
                slice.copy_(p.detach().reshape(-1));
                // set_ re-points the parameter's own tensor, so the module, autograd and every other holder see the view.
                p.set_(slice.view(p.shape));
                p.grad = _grad.narrow(0, offsets[i], p.numel()).view(p.shape);
            }
        }

        _group = new ParamGroup { Parameters = _parameters, Options = new OptimizerOptions { LearningRate = lr, InitialLearningRate = lr } };
        _defaults = _group.Options;
        _parameter_groups = [_group];
        // TorchSharp's state_dict / save / load / to walk one state per parameter; each is a view of the flat moments.
        for (int i = 0; i < _parameters.Count; i++) _state[_parameters[i].Handle] = new SliceState(this, _parameters[i], offsets[i]);
    }

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }
    public double WeightDecay { get; }

    /// <summary>True: AdamW's decoupled weight decay; false: Adam's L2 penalty.</summary>
    public bool Decoupled { get; }

    /// <summary>Updates taken so far (one count for all parameters).</summary>
    public long StepCount => _step;

    /// <summary>Elements in each flat buffer, alignment padding included.</summary>
    public long BufferLength => _data.numel();

    /// <summary>The flat gradient buffer (every parameter's <c>grad</c> is a view of it); padding stays zero.</summary>
    public Tensor Gradients => _grad;

    public override IEnumerable<Parameter> parameters() => _parameters;

    /// <summary>Zeroes every gradient with one op; the gradients stay defined so backward accumulates into the views.</summary>
    public override void zero_grad() => _grad.zero_();

    public override Tensor step(Func<Tensor>? closure = null)
    {
        Tensor? loss = null;
        if (closure is not null)
        {
            using var enable = enable_grad();
            loss = closure();
        }
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        _step++;
        double lr = _group.Options.LearningRate ?? throw new InvalidOperationException("FlatAdam has no learning rate");
        double correction1 = 1 - Math.Pow(Beta1, _step);
        double correction2 = 1 - Math.Pow(Beta2, _step);
        var grad = _grad;
        if (WeightDecay != 0)
        {
            if (Decoupled) _data.mul_(1 - lr * WeightDecay);
            else grad = _grad.add(_data, alpha: WeightDecay);
        }
        _expAvg.mul_(Beta1).add_(grad, alpha: 1 - Beta1);
        _expAvgSq.mul_(Beta2).addcmul_(grad, grad, value: 1 - Beta2);
        var denominator = _expAvgSq.sqrt().div_(Math.Sqrt(correction2)).add_(Eps);
        _data.addcdiv_(_expAvg, denominator, value: -lr / correction1);
        return loss!;
    }

    /// <summary>
    /// Scales all gradients so their joint L2 norm is at most <paramref name="maxNorm"/>, in two whole-buffer ops and
    /// without a host sync; returns the norm before clipping (a scalar tensor on the device).
    /// </summary>
    public Tensor ClipGradNorm(double maxNorm)
    {
        using var noGrad = no_grad();
        var norm = _grad.pow(2).sum().sqrt();
        _grad.mul_((maxNorm / (norm + 1e-6)).clamp_max(1.0));
        return norm;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        _data.Dispose();
        _grad.Dispose();
        _expAvg.Dispose();
        _expAvgSq.Dispose();
    }

    static List<Parameter> Distinct(IEnumerable<Parameter> parameters)
    {
        var seen = new HashSet<IntPtr>();
        var result = new List<Parameter>();
        foreach (var p in parameters)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parameters));
            if (seen.Add(p.Handle)) result.Add(p);
        }
        return result;
    }

    /// <summary>
    /// One parameter's share of the state, written in the layout of TorchSharp's Adam state (step, exp_avg,
    /// exp_avg_sq, no amsgrad), so a checkpoint holds the moments per parameter; loading copies into the flat views.
    /// </summary>
    sealed class SliceState(FlatAdam owner, Parameter parameter, long offset) : OptimizerState(parameter)
    {
        readonly long _length = parameter.numel();
        readonly long[] _shape = parameter.shape;

        Tensor Slice(Tensor flat) => flat.narrow(0, offset, _length).view(_shape);

        public override void Initialize(OptimizerOptions options) { }

        public override void SaveStateDict(BinaryWriter writer)
        {
            writer.Write(owner._step);
            using var scope = NewDisposeScope();
            Slice(owner._expAvg).Save(writer);
            Slice(owner._expAvgSq).Save(writer);
            writer.Write(false);
        }

        public override void LoadStateDict(BinaryReader reader)
        {
            long step = reader.ReadInt64();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            ReadInto(Slice(owner._expAvg), reader);
            ReadInto(Slice(owner._expAvgSq), reader);
            if (reader.ReadBoolean()) throw new InvalidDataException("the saved optimizer state has AMSGrad moments, which FlatAdam does not use");
            owner._step = step;
        }

        public override void LoadStateDict(OptimizerState source)
        {
            if (source is not SliceState other) throw new ArgumentException($"cannot load a {source?.GetType().Name} into FlatAdam", nameof(source));
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Slice(owner._expAvg).copy_(other.Slice(other.Owner._expAvg));
            Slice(owner._expAvgSq).copy_(other.Slice(other.Owner._expAvgSq));
            owner._step = other.Owner._step;
        }

        FlatAdam Owner => owner;

        public override bool ApproximatelyEquals(OptimizerState other)
        {
            if (other is not SliceState rhs) return false;
            using var scope = NewDisposeScope();
            return owner._step == rhs.Owner._step
                && Slice(owner._expAvg).allclose(rhs.Slice(rhs.Owner._expAvg))
                && Slice(owner._expAvgSq).allclose(rhs.Slice(rhs.Owner._expAvgSq));
        }

        /// <summary>The buffers cannot move without re-pointing the parameters; build the optimizer on the right device instead.</summary>
        public override void to(Device device)
        {
            if (device.type != owner._data.device_type || (device.type != DeviceType.CPU && device.index >= 0 && device.index != owner._data.device_index))
                throw new InvalidOperationException($"FlatAdam lives on {owner._data.device} and cannot move to {device}: build it after moving the module");
        }

        /// <summary>Reads a tensor saved by TorchSharp's Save into a (possibly device-resident) view.</summary>
        static void ReadInto(Tensor view, BinaryReader reader)
        {
            var host = empty(view.shape, dtype: view.dtype);
            host.Load(reader);
            view.copy_(host);
        }
    }
}
