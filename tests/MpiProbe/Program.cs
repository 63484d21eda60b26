using NegSampling.Distributed;
using static TorchSharp.torch;

// Run by mpirun in every rank: fills matrices with values that depend on the rank, averages them as training does,
// and writes what each rank holds after to DIR/rank<r>-<case>.bin (raw little-endian floats) for the test to check
// against the mean it works out by hand. Usage: MpiProbe DIR.
var dir = args[0];
var group = RankGroup.Current ?? throw new InvalidOperationException("run me with mpirun -np 2 or more");
const int rows = 3000, width = 3;

// Rank r's element k (row-major) is (r + 1) * k: exact in float32, and so is the mean over the ranks.
Tensor Filled(ScalarType type) =>
    arange(rows * width, type).reshape(rows, width).mul_(group.Rank + 1);

void Write(string name, Tensor t) =>
    File.WriteAllBytes(Path.Combine(dir, $"rank{group.Rank}-{name}.bin"), t.contiguous().bytes.ToArray());

using (var single = Filled(ScalarType.Float32))
using (var dbl = Filled(ScalarType.Float64))
{
    new WeightAveraging(group, Enumerable.Repeat(1L, rows).ToList(), false, single, dbl).Sync(full: false);
    Write("full-float32", single);
    Write("full-float64", dbl);
}

// Tiered syncs 1 to 4, from a fresh fill each: rows ranked by counts in a shuffled order, and in id order.
var shuffled = Enumerable.Range(0, rows).Select(i => (long)(i * 7919 % rows)).ToList();
var ordered = Enumerable.Range(0, rows).Select(i => (long)(rows - i)).ToList();
foreach (var (name, counts) in new[] { ("shuffled", shuffled), ("ordered", ordered) })
    for (var sync = 1; sync <= 4; sync++)
    {
        using var w = Filled(ScalarType.Float32);
        new WeightAveraging(group, counts, true, w) { Syncs = sync - 1 }.Sync(full: false);
        Write($"tiered-{name}-{sync}", w);
    }
