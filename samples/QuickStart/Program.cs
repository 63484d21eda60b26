using NegSampling;
using NegSampling.Formats;
using NegSampling.Training;

// A small corpus: sentences about animals and sentences about vehicles.
var random = new Random(1);
string[][] topics = [["cat", "dog", "horse", "cow", "sheep"], ["car", "bus", "train", "truck", "bike"]];
var sentences = Enumerable.Range(0, 2000).Select(_ => topics[random.Next(2)])
    .Select(topic => (IReadOnlyList<string>)[.. Enumerable.Range(0, 8).Select(_ => topic[random.Next(5)])]).ToList();

var options = TrainingConfig.FastCbow(); // word2vec's CBOW; every option can be changed
(options.HiddenSize, options.Epochs, options.BatchSize, options.Workers) = (16, 20, 16, 1);
options.SubsamplingThreshold = 0; // 10 words: subsampling would drop most of the corpus
using var model = Word2Vec.Train(sentences, options);

foreach (var word in new[] { "cat", "bus" })
{
    var neighbours = model.Vectors.MostSimilar(word, 3).Select(n => $"{n.Word} {n.Similarity:0.00}");
    Console.WriteLine($"{word}: {string.Join(", ", neighbours)}");
}
model.Save("quickstart-vectors.txt", VectorFormat.Word2Vec);
Console.WriteLine("saved quickstart-vectors.txt (word2vec text, as gensim and ML.NET read it)");
