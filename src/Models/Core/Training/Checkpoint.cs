using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>
/// One-file checkpoints: trainer counters, RNG states (torch's global generator and the run's generator), the
/// module's parameters and buffers, and every optimizer's state (TorchSharp's own save_state_dict: Adam's step,
/// exp_avg, exp_avg_sq, ...). Written atomically with a checksum (<see cref="CheckpointFile"/>), so a killed job
/// leaves the previous file intact and every load first proves the file complete and unchanged.
/// The learning-rate schedules need no state of their own: they are pure functions of the step.
/// </summary>
public static class Checkpoint
{
    /// <summary>Writes a checkpoint (atomically, with a checksum: see <see cref="CheckpointFile"/>).</summary>
    /// <param name="keepPreviousAs">Where an existing checkpoint at <paramref name="path"/> goes when this one replaces it.</param>
    public static void Save(string path, nn.Module module, IReadOnlyDictionary<string, OptimizerHelper> optimizers,
        TrainerState state, Generator? runGenerator, string? keepPreviousAs = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(optimizers);
        CheckpointFile.Write(path, w =>
        {
            w.Write(JsonSerializer.Serialize(state));
            WriteRng(w, torch.random.get_rng_state());
            w.Write(runGenerator is not null);
            if (runGenerator is not null) WriteRng(w, runGenerator.get_state());
            module.save(w);
            var names = optimizers.Keys.Order(StringComparer.Ordinal).ToList();
            w.Write(names.Count);
            foreach (var name in names)
            {
                w.Write(name);
                optimizers[name].save_state_dict(w);
            }
        }, keepPreviousAs);
    }

    /// <summary>Checks a checkpoint's length and checksum and returns its counters, without loading any tensor.</summary>
    /// <exception cref="InvalidDataException">The file is not a complete, unchanged checkpoint (the message says how).</exception>
    public static TrainerState Verify(string path)
    {
        using var stream = CheckpointFile.OpenVerified(path);
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        return ReadState(r, path);
    }

    /// <summary>Restores everything <see cref="Save"/> wrote into existing objects of the same shape; returns the counters.</summary>
    public static TrainerState Load(string path, nn.Module module, IReadOnlyDictionary<string, OptimizerHelper> optimizers,
        Generator? runGenerator, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(optimizers);
        using var stream = CheckpointFile.OpenVerified(path);
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            var state = ReadState(r, path);
            var global = ReadRng(r);
            bool hasRun = r.ReadBoolean();
            var run = hasRun ? ReadRng(r) : null;
            module.load(r, strict: true);
            int count = r.ReadInt32();
            var seen = new List<string>();
            for (int i = 0; i < count; i++)
            {
                string name = r.ReadString();
                if (!optimizers.TryGetValue(name, out var opt))
                    throw new InvalidDataException($"checkpoint '{path}' has state for optimizer '{name}', the model has only: {string.Join(", ", optimizers.Keys)}");
                opt.load_state_dict(r);
                if (device is not null) opt.to(device);
                seen.Add(name);
            }
            var missing = optimizers.Keys.Except(seen).ToList();
            if (missing.Count > 0)
                throw new InvalidDataException($"checkpoint '{path}' lacks state for optimizer(s): {string.Join(", ", missing)}");
            using (global) torch.random.set_rng_state(global);
            if (run is not null)
            {
                using (run) runGenerator?.set_state(run);
            }
            return state;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"checkpoint '{path}' is truncated at byte {stream.Position}", e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ExternalException)
        {
            // TorchSharp reports a shape or name mismatch without saying which file it was reading.
            throw new InvalidDataException($"checkpoint '{path}' does not fit this model (at byte {stream.Position}): {e.Message}", e);
        }
    }

    /// <summary>Loads only the module's weights (for evaluation or inference).</summary>
    public static TrainerState LoadModel(string path, nn.Module module) => ReadWeights(path, module, strict: true, null);

    /// <summary>
    /// Initialises a module from another run's checkpoint (ESPnet's init_param): every tensor whose name the module
    /// shares is copied (shapes must agree); the module's other tensors keep their values and the checkpoint's extra
    /// tensors are ignored. Optimizer state and counters are not read: the run starts at step 0.
    /// A PyTorch state_dict file (torch.save, or `sdt export`) is read the same way by <see cref="StateDictCopy"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">No tensor name is shared, or a shared tensor has another shape.</exception>
    public static WeightInitReport InitializeFrom(string path, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (PyTorchStateDict.IsPyTorchFile(path)) return StateDictCopy.FromPyTorchFile(path, module);
        var loaded = new Dictionary<string, bool>(StringComparer.Ordinal);
        ReadWeights(path, module, strict: false, loaded);
        var own = module.state_dict().Keys.ToList();
        var copied = own.Where(k => loaded.GetValueOrDefault(k)).ToList();
        if (copied.Count == 0)
            throw new InvalidDataException($"checkpoint '{path}' shares no tensor name with this model (it has: {string.Join(", ", loaded.Keys.Take(5))}...)");
        return new WeightInitReport(copied, own.Except(copied).ToList(), loaded.Keys.Except(own).ToList());
    }

    static TrainerState ReadWeights(string path, nn.Module module, bool strict, Dictionary<string, bool>? loaded)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var stream = CheckpointFile.OpenVerified(path);
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            var state = ReadState(r, path);
            ReadRng(r).Dispose();
            if (r.ReadBoolean()) ReadRng(r).Dispose();
            module.load(r, strict, loadedParameters: loaded);
            return state;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"checkpoint '{path}' is truncated at byte {stream.Position}", e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ExternalException)
        {
            // TorchSharp reports a shape or name mismatch without saying which file it was reading.
            throw new InvalidDataException($"checkpoint '{path}' does not fit this model (at byte {stream.Position}): {e.Message}", e);
        }
    }

    static TrainerState ReadState(BinaryReader r, string path) =>
        JsonSerializer.Deserialize<TrainerState>(r.ReadString())
        ?? throw new InvalidDataException($"checkpoint '{path}' has an empty trainer state");

    static void WriteRng(BinaryWriter w, Tensor state)
    {
        using (state)
        {
            var bytes = state.cpu().bytes.ToArray();
            w.Write(bytes.Length);
            w.Write(bytes);
        }
    }

    static Tensor ReadRng(BinaryReader r)
    {
        int n = r.ReadInt32();
        var bytes = r.ReadBytes(n);
        if (bytes.Length != n) throw new EndOfStreamException();
        return torch.tensor(bytes, dtype: ScalarType.Byte);
    }
}
