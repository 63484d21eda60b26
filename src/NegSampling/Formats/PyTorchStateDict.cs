using System.Collections;
using System.Collections.Specialized;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace NegSampling.Formats;

/// <summary>
/// PyTorch's own file: a zip-format torch.save of the state_dict {w_in.weight, w_out.weight} (float32), which
/// torch.load(path, weights_only=True) accepts, written and read by TorchSharp.PyBridge's pickler, which builds
/// tensors and dictionaries only (no Python object is made, no code run). The vocabulary, which a state_dict
/// cannot hold, travels beside it in name.vocab.txt, one word a line in id order.
/// </summary>
internal static class PyTorchStateDict
{
    /// <summary>The vocabulary file that goes with a .pt file: name.vocab.txt.</summary>
    public static string VocabularyPath(string path) => Path.ChangeExtension(path, null) + ".vocab.txt";

    /// <summary>Writes the state_dict (atomically) and the vocabulary beside it.</summary>
    public static void Save(string path, ModelWeights weights)
    {
        using var scope = NewDisposeScope();
        var state = new OrderedDictionary();
        foreach (var (name, t) in weights.ForFile()) state[name] = t;
        WordList.Write(VocabularyPath(path), weights.Words);
        AtomicFile.Write(path, stream => PyTorchPickler.PickleStateDict(stream, state, leaveOpen: true));
    }

    /// <summary>Reads a state_dict with w_in.weight and w_out.weight, and its vocabulary file.</summary>
    public static ModelWeights Load(string path)
    {
        var words = WordList.Read(VocabularyPath(path), path);
        var state = Unpickle(path);
        Tensor Take(string name) => state[name] is Tensor t
            ? t.to_type(ScalarType.Float32)
            : throw new InvalidDataException(
                $"{path}: no tensor '{name}' (found: {string.Join(", ", state.Keys.Cast<object>())}); " +
                "expected the state_dict of the reference module (w_in, w_out embeddings)");
        return new ModelWeights(words, Take(ModelWeights.WInName), Take(ModelWeights.WOutName)).Checked(path);
    }

    /// <summary>PyBridge's unpickler, its failures on files it cannot read said in one line each.</summary>
    private static Hashtable Unpickle(string path)
    {
        try { return PyTorchUnpickler.UnpickleStateDict(path); }
        catch (NotImplementedException)
        {
            throw new InvalidDataException(
                $"{path}: a legacy (non-zip) torch.save file; save it again with torch.save(state_dict, path) from " +
                "PyTorch 1.6 or later, which writes the zip format");
        }
        catch (Exception e) when (e.Message.Contains("setStorage", StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"{path}: a tensor is a view into a larger storage (a slice); save {{k: v.clone() for k, v in " +
                $"state.items()}}");
        }
        catch (Exception e) when (e.Message.Contains("non-contiguous", StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"{path}: a tensor is not contiguous (a transposed view); save {{k: v.contiguous() for k, v in " +
                $"state.items()}}");
        }
        catch (Exception e) when (e is not InvalidDataException and not IOException)
        {
            throw new InvalidDataException($"{path}: not a PyTorch state_dict this program reads " +
                $"({e.Message.Split('\n')[0]})");
        }
    }
}
