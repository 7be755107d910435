using System.Collections;
using System.Runtime.InteropServices;
using SpeechDisentangle.Audio.Common;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>One tensor of a state_dict as a PyTorch user sees it: name, shape and torch dtype ("float32", "int64").</summary>
public sealed record StateDictEntry(string Name, IReadOnlyList<long> Shape, string DType);

/// <summary>
/// PyTorch's own state_dict files, as <c>torch.save(model.state_dict(), path)</c> writes them and <c>torch.load</c>
/// reads them: a zip holding <c>data.pkl</c> (the pickled dict) and one file per tensor storage. Reading and writing
/// go through TorchSharp.PyBridge. Such files carry no checksum: they come from outside sdt.
/// </summary>
public static class PyTorchStateDict
{
    /// <summary>
    /// Whether the file exists and starts as torch.save's files do: a zip (PyTorch 1.6 and later) or a pickle (the
    /// older format, which <see cref="Read"/> refuses with advice). sdt checkpoints start with neither.
    /// </summary>
    public static bool IsPyTorchFile(string path) => Header(path) is FileKind.Zip or FileKind.Pickle;

    enum FileKind { None, Zip, Pickle }

    static FileKind Header(string path)
    {
        if (!File.Exists(path)) return FileKind.None;
        using var stream = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) < 4) return FileKind.None;
        if (magic.SequenceEqual("PK\u0003\u0004"u8)) return FileKind.Zip;
        return magic[0] == 0x80 && magic[1] is >= 2 and <= 5 ? FileKind.Pickle : FileKind.None;   // PROTO opcode, protocol 2-5
    }

    /// <summary>
    /// Writes the module's parameters and buffers under their TorchSharp state_dict names (atomically), detached
    /// and on the CPU, so <c>torch.load</c> gives plain tensors. Returns what was written, in the module's order.
    /// </summary>
    public static IReadOnlyList<StateDictEntry> Write(string path, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in module.state_dict()) tensors[name] = tensor.detach().cpu().contiguous();
        AtomicFile.Write(path, stream => PyTorchPickler.PickleStateDict(stream, tensors, leaveOpen: true));
        return tensors.Select(kv => Describe(kv.Key, kv.Value)).ToList();
    }

    /// <summary>Reads a state_dict file into CPU tensors by name; the caller disposes them.</summary>
    /// <exception cref="InvalidDataException">Not a PyTorch zip file, an old-format file, or not a flat dict of tensors (the message says how to re-save it).</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"'{path}' does not exist", path);
        switch (Header(path))
        {
            case FileKind.Pickle:
                throw new InvalidDataException($"'{path}' is a PyTorch file in the format before PyTorch 1.6, which sdt cannot read; " +
                                               "load it in PyTorch and save it again: torch.save(torch.load(path), new_path)");
            case FileKind.None:
                throw new InvalidDataException($"'{path}' is not a PyTorch state_dict file (no zip header; torch.save writes zip files since PyTorch 1.6)");
        }
        Hashtable table;
        try
        {
            using var stream = File.OpenRead(path);
            table = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: false);
        }
        catch (Exception e) when (e is NotImplementedException or NotSupportedException or InvalidDataException or
                                      InvalidCastException or KeyNotFoundException or ExternalException or Razorvine.Pickle.PickleException)
        {
            // PyBridge rebuilds each tensor from its own elements only, so a view into a larger tensor (a slice) fails.
            throw new InvalidDataException($"'{path}' could not be read as a PyTorch state_dict ({FirstLine(e.Message)}); save a flat dict of " +
                                           "whole tensors: torch.save({k: v.clone() for k, v in model.state_dict().items()}, path)", e);
        }
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            string name = entry.Key as string ?? Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            if (entry.Value is Tensor t) tensors[name] = t;
            else
            {
                foreach (var kept in tensors.Values) kept.Dispose();
                throw new InvalidDataException($"'{path}': entry '{name}' is a {entry.Value?.GetType().Name ?? "None"}, not a tensor: the file holds more " +
                                               $"than a state_dict; save the model's state_dict itself (e.g. torch.save(ckpt['{name}'], path))");
            }
        }
        return tensors;
    }

    /// <summary>Name, shape and torch dtype of a tensor.</summary>
    public static StateDictEntry Describe(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return new StateDictEntry(name, tensor.shape, TorchDTypeName(tensor.dtype));
    }

    /// <summary>The dtype as torch spells it after "torch." ("float32", "int64", "bool").</summary>
    public static string TorchDTypeName(ScalarType type) => type switch
    {
        ScalarType.Byte => "uint8",
        ScalarType.Int8 => "int8",
        ScalarType.Int16 => "int16",
        ScalarType.Int32 => "int32",
        ScalarType.Int64 => "int64",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Bool => "bool",
        _ => type.ToString().ToLowerInvariant(),
    };

    /// <summary>A shape as PyTorch prints it: [2, 3].</summary>
    public static string ShapeText(IReadOnlyList<long> shape) => "[" + string.Join(", ", shape) + "]";

    static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
