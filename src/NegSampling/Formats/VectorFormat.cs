namespace NegSampling.Formats;

/// <summary>The files word vectors are read from and written to.</summary>
public enum VectorFormat
{
    /// <summary>A NegSampling checkpoint (.nsck): W_in is read; never written as vectors.</summary>
    Checkpoint,

    /// <summary>word2vec text: a "V H" line, then "word v1 ... vH" lines.</summary>
    Word2Vec,

    /// <summary>word2vec binary (word2vec.c's -binary 1): "word " and H little-endian float32s.</summary>
    Word2VecBinary,

    /// <summary>The book's float16 matrix as a NumPy .npy file, with a .words.txt beside it.</summary>
    Float16,

    /// <summary>A zip-format torch.save state_dict (w_in.weight, w_out.weight), with a .vocab.txt beside it.</summary>
    PyTorch,

    /// <summary>safetensors with w_in.weight and w_out.weight, the vocabulary in its metadata.</summary>
    Safetensors,

    /// <summary>This program's vectors file: the words and the float32 matrix, laid out so that loading maps the
    /// matrix instead of reading it.</summary>
    Native,

    /// <summary>TensorFlow's Embedding Projector's files, written into a directory (the path saved to): tensors.tsv (a
    /// row of H numbers per word), metadata.tsv (a "word TAB count" header, then a line per word; the count empty
    /// for vectors without counts) and projector_config.pbtxt; written only.</summary>
    Projector,
}
