using System.Globalization;
using SpeechDisentangle.Audio.Common;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Parallel;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>
/// The one training loop every model uses. Per step it runs the objective's turns in order; each turn's loss goes
/// to the optimizer of the turn's name: zero that optimizer's gradients, backward, clip (per optimizer), step.
/// Statistics stay on the device (a per-step table, two ops per turn) and are read every
/// <see cref="TrainerOptions.LogEvery"/> steps, when the losses are also checked to be finite; the loop itself never
/// waits for the device. Validation runs with module.eval() under no_grad. With an experiment folder it
/// writes metrics (jsonl, csv, TensorBoard) and checkpoints/last.ckpt, prev.ckpt and best.ckpt (see
/// <see cref="CheckpointFolder"/>); a resumed run starts from the newest of them that verifies and winds the metrics
/// back to its step.
/// Data-parallel (<see cref="IDataParallel"/> with several ranks): every rank trains on its rows of each global batch
/// (<see cref="RankSliceSource"/>) and each turn's gradients are averaged over the ranks with one allreduce before
/// clipping and the step (<see cref="GradientAverager"/>), so the ranks keep identical weights. Rank 0 alone
/// validates and writes metrics and checkpoints; the logged training statistics are means over the ranks; every
/// rank loads the checkpoint on resume, and rank 0's weights are broadcast at the start.
/// </summary>
/// <remarks>
/// The trainer moves <see cref="ITrainable.Module"/> to the device first and only then reads
/// <see cref="ITrainable.Optimizers"/>, so an objective should build its specs from the module's current parameters.
/// Not thread-safe.
/// </remarks>
public sealed class Trainer : IDisposable
{
    readonly ITrainable _model;
    readonly TrainerOptions _options;
    readonly string? _dir;
    readonly TextWriter _log;
    readonly TextWriter _warnings;
    readonly IProgress<WorkProgress>? _progress;
    readonly CheckpointFolder? _checkpoints;
    readonly Dictionary<string, OptimizerHelper> _optimizers = new(StringComparer.Ordinal);
    readonly Dictionary<string, OptimizerSpec> _specs = new(StringComparer.Ordinal);
    readonly Generator _generator;
    readonly MetricsLogger _metrics;
    readonly IDataParallel _parallel;
    readonly Dictionary<string, GradientAverager>? _averagers;
    long _step;
    double? _best;
    long _bestStep = -1;

    /// <param name="model">The model plus objective.</param>
    /// <param name="options">Loop settings; validated here.</param>
    /// <param name="experimentDir">Folder for metrics and checkpoints; null keeps everything in memory.</param>
    /// <param name="optimizerSettings">Overrides of the objective's optimizer settings by optimizer name (from the config).</param>
    /// <param name="log">Where to write validation lines (default: nowhere).</param>
    /// <param name="warnings">Where to say which checkpoints failed verification and what a resume dropped (default: nowhere).</param>
    /// <param name="progress">Receives the step count and the latest loss while <see cref="TrainerOptions.Progress"/> is on.</param>
    /// <param name="parallel">The ranks training together (default: this process alone). Every rank must build the same model and options.</param>
    /// <remarks>Writes nothing to <paramref name="experimentDir"/> before <see cref="Fit"/>; a rank other than 0 never writes there.</remarks>
    public Trainer(ITrainable model, TrainerOptions options, string? experimentDir = null,
        IReadOnlyDictionary<string, OptimizerSettings>? optimizerSettings = null, TextWriter? log = null, TextWriter? warnings = null,
        IProgress<WorkProgress>? progress = null, IDataParallel? parallel = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _model = model;
        _options = options;
        _dir = experimentDir;
        _log = log ?? TextWriter.Null;
        _warnings = warnings ?? TextWriter.Null;
        _progress = progress;
        _parallel = parallel ?? SingleProcess.Instance;
        _checkpoints = experimentDir is null ? null : new CheckpointFolder(experimentDir);
        Device = DeviceSelector.Resolve(options.Device);
        torch.random.manual_seed(RankSeed);
        model.Module.to(Device);
        if (model.Turns.Count == 0) throw new ArgumentException("the objective names no turns", nameof(model));
        BuildOptimizers(optimizerSettings ?? new Dictionary<string, OptimizerSettings>());
        _generator = CreateGenerator(RankSeed, Device);
        _metrics = new MetricsLogger(IsRoot ? experimentDir : null);
        if (_parallel.Size > 1)
            _averagers = _optimizers.ToDictionary(kv => kv.Key, kv => new GradientAverager(kv.Value, _specs[kv.Key].Parameters, _parallel), StringComparer.Ordinal);
    }

    /// <summary>Where the model and batches live.</summary>
    public Device Device { get; }

    /// <summary>Steps completed so far.</summary>
    public long Step => _step;

    /// <summary>The optimizers, by the names the objective gave them.</summary>
    public IReadOnlyDictionary<string, OptimizerHelper> Optimizers => _optimizers;

    /// <summary>The run's seeded generator (also handed to the objective in every <see cref="StepContext"/>).</summary>
    public Generator Generator => _generator;

    /// <summary>checkpoints/last.ckpt under the experiment folder, or null without one.</summary>
    public string? LastCheckpointPath => _checkpoints?.Last;

    /// <summary>checkpoints/prev.ckpt (the last.ckpt before the current one) under the experiment folder, or null without one.</summary>
    public string? PreviousCheckpointPath => _checkpoints?.Previous;

    /// <summary>checkpoints/best.ckpt under the experiment folder, or null without one.</summary>
    public string? BestCheckpointPath => _checkpoints?.Best;

    /// <summary>Seeds torch's global generator; call it before building a model so its initial weights repeat.</summary>
    public static void SeedEverything(long seed) => torch.random.manual_seed(seed);

    /// <summary>
    /// Trains until <see cref="TrainerOptions.MaxSteps"/>. With <paramref name="resume"/> it first restores the
    /// newest checkpoint of the experiment folder that verifies (see <see cref="ResumeFromNewestVerified"/>) and
    /// continues exactly where it stopped. The metrics files are wound back to the step the run starts from.
    /// </summary>
    /// <param name="train">Training batches.</param>
    /// <param name="valid">Validation batches, or null.</param>
    /// <param name="resume">Restore the newest checkpoint that verifies first, if there is any.</param>
    /// <param name="stopAfter">Return after this many steps in total (the schedules still span MaxSteps), writing
    /// the last checkpoint; for time-limited jobs that resume later.</param>
    /// <exception cref="NonFiniteLossException">A loss became NaN or infinite; names the newest checkpoint that verifies.</exception>
    /// <exception cref="InvalidOperationException">Not resuming, yet a fresh trainer's folder already holds a run.</exception>
    /// <exception cref="InvalidDataException">Resuming, and no checkpoint of the folder verifies.</exception>
    public TrainResult Fit(IBatchSource train, IBatchSource? valid = null, bool resume = false, long? stopAfter = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count < 1) throw new ArgumentException("the training source has no batches", nameof(train));
        if (resume) Resume();
        else if (IsRoot && _step == 0 && _dir is not null && ExperimentFolder.Present(_dir, ExperimentFolder.TrainerEntries) is { Count: > 0 } used)
            throw new InvalidOperationException($"'{_dir}' already holds a run ({string.Join(", ", used)}); resume it or clear it first");
        int dropped = _metrics.Open(_step);
        if (dropped > 0) _warnings.WriteLine($"{_dir}: dropped {dropped} metrics row(s) after step {_step} (they are redone from the checkpoint); tensorboard/ was rewritten to match");

        if (_parallel.Size > 1) StartTogether();
        PlaceOnDevice(train);
        if (valid is not null) PlaceOnDevice(valid);
        var mine = _parallel.Size > 1 ? RankSliceSource.For(train, _parallel.Rank, _parallel.Size) : train;
        int firstRecord = _metrics.History.Count;
        IReadOnlyDictionary<string, double> lastTrain = new Dictionary<string, double>();
        IReadOnlyDictionary<string, double>? lastValid = null;
        using var stats = new TrainStatsTable(_model.Turns, Device, _options.LogEvery, _parallel.Size > 1 ? AverageOverRanks : null);
        long end = Math.Min(_options.MaxSteps, stopAfter ?? long.MaxValue);
        var counter = _options.Progress ? new ProgressCounter(_progress, "train", Math.Max(0, end - _step), "step") : null;
        IEnumerator<Batch>? batches = null;
        long batchesEpoch = -1;
        _model.Module.train();
        try
        {
            while (_step < end)
            {
                long s = _step;
                long epoch = s / train.Count;
                if (batches is null || epoch != batchesEpoch)
                {
                    batches?.Dispose();
                    batches = OpenEpoch(mine, epoch, skip: s % train.Count);
                    batchesEpoch = epoch;
                }
                TrainStep(batches, s, stats);
                _step = s + 1;

                bool logDue = _step % _options.LogEvery == 0 || _step == end;
                bool evalDue = (_options.EvalEvery > 0 && _step % _options.EvalEvery == 0) || _step == _options.MaxSteps;
                bool ckptDue = _dir is not null && ((_options.CheckpointEvery > 0 && _step % _options.CheckpointEvery == 0) || _step == end);
                if ((evalDue || ckptDue) && !logDue) stats.Check();
                if (logDue)
                {
                    lastTrain = LogTrain(stats);
                    // Every turn's loss: a GAN's discriminator loss alone says little about the generator.
                    var losses = _model.Turns.Where(t => lastTrain.ContainsKey(LossKey(t)))
                        .Select(t => string.Create(CultureInfo.InvariantCulture, $"{LossKey(t)}={lastTrain[LossKey(t)]:G4}")).ToList();
                    if (losses.Count > 0) counter?.Advance(0, string.Join(' ', losses));
                    if (valid is null) UpdateBest(lastTrain, Stage.Train);
                }
                if (evalDue && valid is not null && IsRoot)
                {
                    lastValid = Evaluate(valid);
                    _metrics.Log(_step, Stage.Valid, lastValid);
                    _log.WriteLine($"step {_step} valid: " + string.Join(" ", lastValid.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value:G5}")));
                    UpdateBest(lastValid, Stage.Valid);
                }
                if (ckptDue && IsRoot) SaveCheckpoint(LastCheckpointPath!, keepPreviousAs: PreviousCheckpointPath);
                // The other ranks wait here, asleep, while rank 0 validates and writes (instead of spinning in the next allreduce).
                if (logDue || evalDue || ckptDue) _parallel.Barrier();
                counter?.Advance();
            }
        }
        catch (NonFiniteLossException e) when (_checkpoints is not null)
        {
            // Name only a checkpoint that really verifies now, not merely the last one written.
            throw new NonFiniteLossException(e.Step, e.Turn, e.Loss, _checkpoints.Survey().Newest?.Path);
        }
        finally
        {
            batches?.Dispose();
        }
        return new TrainResult(_step, lastTrain, lastValid, _best, _bestStep, _metrics.History.Skip(firstRecord).ToList());
    }

    /// <summary>
    /// Averages every turn's loss and stats over one pass of <paramref name="source"/> (weighted by batch size),
    /// with the module in eval mode and no gradients; restores the previous mode after.
    /// </summary>
    public Dictionary<string, double> Evaluate(IBatchSource source, Stage stage = Stage.Valid)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (stage == Stage.Train) throw new ArgumentException("Evaluate runs Valid or Test", nameof(stage));
        bool wasTraining = _model.Module.training;
        _model.Module.eval();
        using var stats = new StatsAccumulator();
        using var dataGenerator = DataGenerator(0);
        using var batches = source.Batches(0, dataGenerator).GetEnumerator();
        // Noise drawn during evaluation comes from its own fixed generator: evaluating twice gives the same numbers
        // and does not shift the training run's random stream.
        using var evalGenerator = CreateGenerator(Mix(_options.Seed, -1), Device);
        var context = new StepContext(_step, Progress(_step), Device, evalGenerator);
        try
        {
            using var noGrad = no_grad();
            while (true)
            {
                using var scope = NewDisposeScope();
                if (!batches.MoveNext()) break;
                var batch = ToDevice(batches.Current);
                double weight = batch.Size;
                foreach (string turn in _model.Turns)
                {
                    var output = _model.Step(batch, turn, stage, context);
                    Record(stats, turn, output, weight);
                }
            }
            return stats.Averages();
        }
        finally
        {
            _model.Module.train(wasTraining);
        }
    }

    /// <summary>Writes model, optimizers, counters and RNG states to <paramref name="path"/> (atomically, with a checksum).</summary>
    /// <param name="path">The checkpoint to write.</param>
    /// <param name="keepPreviousAs">Where an existing checkpoint at <paramref name="path"/> goes once the new one is complete.</param>
    public void SaveCheckpoint(string path, string? keepPreviousAs = null) =>
        Checkpoint.Save(path, _model.Module, _optimizers, new TrainerState(_step, _best, _bestStep, _options.Seed), _generator, keepPreviousAs);

    /// <summary>Restores what <see cref="SaveCheckpoint"/> wrote; the run then continues from its step.</summary>
    public void LoadCheckpoint(string path)
    {
        var state = Checkpoint.Load(path, _model.Module, _optimizers, _generator, Device);
        if (state.Seed != _options.Seed)
            _log.WriteLine($"warning: checkpoint {path} was written with seed {state.Seed}, this run uses {_options.Seed}");
        _step = state.Step;
        _best = state.BestValue;
        _bestStep = state.BestStep;
        if (!IsRoot)
        {
            // The checkpoint holds rank 0's random streams; another rank's must stay its own (noise, dropout).
            long seed = Mix(RankSeed, _step);
            torch.random.manual_seed(seed);
            _generator.manual_seed(seed);
        }
    }

    /// <summary>
    /// Rank 0 restores the newest checkpoint that verifies (setting aside those that fail); then every other rank
    /// restores the newest that verifies, which is the same file.
    /// </summary>
    void Resume()
    {
        if (IsRoot) ResumeFromNewestVerified();
        if (_parallel.Size == 1) return;
        _parallel.Barrier();
        if (!IsRoot && _checkpoints?.Survey().Newest is { } newest) LoadCheckpoint(newest.Path);
    }

    /// <summary>Checks every rank starts at rank 0's step, then gives every rank rank 0's weights and buffers.</summary>
    void StartTogether()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var step = tensor(new[] { _step });
        _parallel.BroadcastFromRoot(step);
        long rootStep = step.item<long>();
        if (rootStep != _step)
            throw new InvalidOperationException($"rank {_parallel.Rank} would start at step {_step}, rank 0 at step {rootStep}: " +
                                                $"every rank must read the same experiment folder '{_dir}' (one file system they share)");
        foreach (var p in _model.Module.parameters()) _parallel.BroadcastFromRoot(p);
        foreach (var b in _model.Module.buffers()) _parallel.BroadcastFromRoot(b);
    }

    /// <summary>Turns each rank's sums of the training statistics into their mean over the ranks.</summary>
    void AverageOverRanks(Tensor sums)
    {
        _parallel.SumInPlace(sums);
        sums.div_(_parallel.Size);
    }

    bool IsRoot => _parallel.Rank == 0;

    /// <summary>The run's seed on rank 0 (so one process trains as it always did); a seed of its own on every other rank.</summary>
    long RankSeed => IsRoot ? _options.Seed : Mix(_options.Seed, -1L - _parallel.Rank);

    /// <summary>
    /// Restores the newest checkpoint that verifies (last, prev or best: the highest step). Files that fail are named
    /// on the warnings writer and set aside as NAME.ckpt.unverified, so that no later save rotates one into prev.ckpt.
    /// With no checkpoint at all the run starts at step 0.
    /// </summary>
    /// <exception cref="InvalidDataException">There are checkpoints, and none verifies.</exception>
    void ResumeFromNewestVerified()
    {
        if (_checkpoints is null) return;
        var survey = _checkpoints.Survey();
        if (survey.Newest is not { } newest)
        {
            if (survey.Rejected.Count > 0)
                throw new InvalidDataException($"cannot resume '{_dir}': no checkpoint verifies ({string.Join("; ", survey.Rejected.Select(r => r.Reason))}); " +
                                               "replace the files or start again with --overwrite");
            _warnings.WriteLine($"{_dir}: no checkpoint to resume from; starting at step 0");
            return;
        }
        foreach (var bad in survey.Rejected)
            _warnings.WriteLine($"warning: {bad.Reason}; set aside as {CheckpointFolder.SetAside(bad.Path)}");
        LoadCheckpoint(newest.Path);
        if (newest.Path != _checkpoints.Last)
            _warnings.WriteLine($"resuming from {newest.Path} (step {_step}), the newest checkpoint that verifies, instead of {_checkpoints.Last}");
        _log.WriteLine($"resumed from {newest.Path} at step {_step}");
    }

    void TrainStep(IEnumerator<Batch> batches, long s, TrainStatsTable stats)
    {
        using var scope = NewDisposeScope();
        if (!batches.MoveNext())
            throw new InvalidOperationException($"the training source yielded fewer batches than its Count at step {s}");
        var batch = ToDevice(batches.Current);
        SetLearningRates(s);
        var context = new StepContext(s, Progress(s), Device, _generator);
        foreach (string turn in _model.Turns)
        {
            var output = _model.Step(batch, turn, Stage.Train, context);
            var optimizer = _optimizers[turn];
            var spec = _specs[turn];
            optimizer.zero_grad();
            output.Loss.backward();
            _averagers?[turn].Average();
            if (spec.Settings.GradClipNorm > 0)
            {
                if (optimizer is FlatAdam flat) flat.ClipGradNorm(spec.Settings.GradClipNorm);
                else GradClip.ClipNorm(spec.Parameters, spec.Settings.GradClipNorm);
            }
            optimizer.step();
            (_model as IAfterOptimizerStep)?.AfterOptimizerStep(turn, context);
            stats.Add(s, turn, LossKey(turn), output.Loss, output.Stats);
        }
    }

    void Record(StatsAccumulator stats, string turn, TurnOutput output, double weight)
    {
        string lossKey = LossKey(turn);
        if (!output.Stats.ContainsKey(lossKey)) stats.Add(lossKey, output.Loss, weight);
        foreach (var (name, value) in output.Stats) stats.Add(name, value, weight);
    }

    /// <summary>"loss" for a one-turn objective, "loss_{turn}" otherwise.</summary>
    string LossKey(string turn) => _model.Turns.Count == 1 ? "loss" : "loss_" + turn;

    Dictionary<string, double> LogTrain(TrainStatsTable stats)
    {
        var values = stats.Read();
        stats.Reset();
        foreach (var (name, optimizer) in _optimizers)
            values["lr_" + name] = optimizer.ParamGroups.First().LearningRate;
        _metrics.Log(_step, Stage.Train, values);
        return values;
    }

    void UpdateBest(IReadOnlyDictionary<string, double> values, Stage stage)
    {
        string metric = _options.BestMetric ?? "loss";
        if (!values.TryGetValue(metric, out double value))
        {
            if (_options.BestMetric is null) return;
            throw new InvalidOperationException($"best_metric '{_options.BestMetric}' is not among the {MetricsLogger.StageName(stage)} statistics: {string.Join(", ", values.Keys)}");
        }
        bool better = _best is null || (_options.BestMode == BestMode.Min ? value < _best : value > _best);
        if (!better || !double.IsFinite(value)) return;
        _best = value;
        _bestStep = _step;
        if (IsRoot && BestCheckpointPath is { } path) SaveCheckpoint(path);
    }

    void SetLearningRates(long s)
    {
        foreach (var (name, optimizer) in _optimizers)
        {
            double factor = _options.Schedules.TryGetValue(name, out var schedule) ? LrSchedule.Factor(schedule, s, _options.MaxSteps) : 1;
            double lr = _specs[name].Settings.LearningRate * factor;
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
        }
    }

    double Progress(long s) => (double)s / _options.MaxSteps;

    IEnumerator<Batch> OpenEpoch(IBatchSource source, long epoch, long skip)
    {
        if (skip > 0 && source is ISkippingBatchSource skipping)
        {
            var generator = DataGenerator(epoch);
            return new EpochBatches(skipping.Batches(epoch, generator, skip), generator);
        }
        var epochBatches = new EpochBatches(source, DataGenerator(epoch), epoch);
        using var scope = NewDisposeScope();
        for (long i = 0; i < skip; i++)
        {
            if (!epochBatches.MoveNext())
                throw new InvalidOperationException($"the training source yielded fewer batches than its Count ({source.Count}) in epoch {epoch}");
        }
        return epochBatches;
    }

    /// <summary>The data order of epoch e depends on (seed, e) only, so a resumed run sees the same batches.</summary>
    Generator DataGenerator(long epoch) => new((ulong)Mix(_options.Seed, epoch), CPU);

    static long Mix(long seed, long epoch)
    {
        // SplitMix64 finaliser: neighbouring (seed, epoch) pairs give unrelated seeds.
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)epoch + 0x632BE59BD9B4E019UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (long)((z ^ (z >> 31)) & 0x7FFFFFFFFFFFFFFFUL);
    }

    static Generator CreateGenerator(long seed, Device device)
    {
        try { return new Generator((ulong)seed, device); }
        catch (Exception e) when (device.type != DeviceType.CPU && e is not OutOfMemoryException)
        {
            return new Generator((ulong)seed, CPU);
        }
    }

    /// <summary>
    /// Moves a batch to the device. A host batch bound for a GPU goes through pinned memory without blocking: a
    /// plain copy would make the host wait for every queued kernel each step (a stream sync).
    /// </summary>
    Batch ToDevice(Batch batch)
    {
        var moved = new Batch();
        foreach (var (key, t) in batch)
        {
            if (t.device_type == Device.type && (Device.type == DeviceType.CPU || Device.index < 0 || t.device_index == Device.index))
                moved[key] = t;
            else if (t.device_type == DeviceType.CPU && Device.type == DeviceType.CUDA)
                moved[key] = t.pin_memory().to(Device, non_blocking: true);
            else
                moved[key] = t.to(Device);
        }
        return moved;
    }

    void BuildOptimizers(IReadOnlyDictionary<string, OptimizerSettings> overrides)
    {
        var errors = new List<string>();
        foreach (var spec in _model.Optimizers)
        {
            if (_specs.ContainsKey(spec.Name)) { errors.Add($"optimizer '{spec.Name}' is declared twice"); continue; }
            var settings = overrides.TryGetValue(spec.Name, out var o) ? o : spec.Settings;
            errors.AddRange(settings.Errors().Select(e => $"optimizers.{spec.Name}: {e}"));
            if (spec.Parameters.Count == 0) errors.Add($"optimizer '{spec.Name}' has no parameters");
            _specs[spec.Name] = spec with { Settings = settings };
        }
        if (_specs.Count == 0) errors.Add("the objective declares no optimizers");
        errors.AddRange(_model.Turns.Distinct().Where(t => !_specs.ContainsKey(t))
            .Select(t => $"turn '{t}' has no optimizer of its name (a turn steps the optimizer it is named after; declared: {string.Join(", ", _specs.Keys)})"));
        errors.AddRange(SharedFlatParameters());
        errors.AddRange(overrides.Keys.Where(k => !_specs.ContainsKey(k)).Select(k => $"optimizers.{k}: the model has no optimizer '{k}' (has: {string.Join(", ", _specs.Keys)})"));
        errors.AddRange(_options.Schedules.Keys.Where(k => !_specs.ContainsKey(k)).Select(k => $"schedules.{k}: the model has no optimizer '{k}' (has: {string.Join(", ", _specs.Keys)})"));
        if (errors.Count > 0)
            throw new ArgumentException("cannot build the optimizers:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
        foreach (var spec in _specs.Values) _optimizers[spec.Name] = OptimizerFactory.Create(spec.Parameters, spec.Settings, Flat(spec));
    }

    /// <summary>With <see cref="TrainerOptions.FlatAdam"/>, every Adam/AdamW optimizer runs as a <see cref="FlatAdam"/>.</summary>
    bool Flat(OptimizerSpec spec) => _options.FlatAdam && spec.Settings.IsAdam;

    /// <summary>Two flat optimizers cannot own one parameter: the second would re-point it away from the first's buffer.</summary>
    IEnumerable<string> SharedFlatParameters()
    {
        var owner = new Dictionary<IntPtr, string>();
        foreach (var spec in _specs.Values.Where(Flat))
        {
            var clashes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in spec.Parameters.DistinctBy(p => p.Handle))
            {
                if (owner.TryGetValue(p.Handle, out var other)) clashes.Add(other);
                else owner[p.Handle] = spec.Name;
            }
            foreach (var other in clashes.Order(StringComparer.Ordinal))
                yield return $"trainer.flat_adam: optimizer '{spec.Name}' shares parameters with optimizer '{other}', and two flat optimizers cannot; train this model without flat_adam";
        }
    }

    /// <summary>
    /// Moves a source that can live on the device there once (when it fits under the limit): afterwards a batch
    /// is cut on the device instead of being copied from the host every step.
    /// </summary>
    void PlaceOnDevice(IBatchSource source)
    {
        if (source is not IDeviceResidentSource resident || _options.DataOnDeviceMaxMb == 0) return;
        if (resident.ByteSize > _options.DataOnDeviceMaxMb * 1024L * 1024L) return;
        resident.MoveTo(Device);
    }

    public void Dispose()
    {
        foreach (var averager in _averagers?.Values ?? Enumerable.Empty<GradientAverager>()) averager.Dispose();
        foreach (var optimizer in _optimizers.Values) optimizer.Dispose();
        _optimizers.Clear();
        _generator.Dispose();
        _metrics.Dispose();
    }

    /// <summary>One epoch's batches; owns the epoch's data generator, which the source may use lazily.</summary>
    sealed class EpochBatches(IEnumerable<Batch> batches, Generator generator) : IEnumerator<Batch>
    {
        readonly IEnumerator<Batch> _inner = batches.GetEnumerator();

        public EpochBatches(IBatchSource source, Generator generator, long epoch) : this(source.Batches(epoch, generator), generator)
        {
        }

        public Batch Current => _inner.Current;
        object System.Collections.IEnumerator.Current => Current;
        public bool MoveNext() => _inner.MoveNext();
        public void Reset() => throw new NotSupportedException();

        public void Dispose()
        {
            _inner.Dispose();
            generator.Dispose();
        }
    }
}
