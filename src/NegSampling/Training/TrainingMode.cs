namespace NegSampling.Training;

/// <summary>Which algorithm trains the model.</summary>
public enum TrainingMode
{
    /// <summary>The book's: autograd through the layers, dense optimizer steps, shuffled batches.</summary>
    Faithful,

    /// <summary>word2vec's: sparse SGD (or lazy Adam) on streamed chunks, subsampling, Hogwild workers.</summary>
    Fast,
}
