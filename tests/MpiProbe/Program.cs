using NegSampling.Distributed;
using static TorchSharp.torch;

// Run by mpirun in every rank: fills matrices with values that depend on the rank, syncs them as training does,
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
    new WeightAveraging(group, Enumerable.Repeat(1L, rows).ToList(), false, false, single, dbl).Sync(full: false);
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
        new WeightAveraging(group, counts, true, false, w) { Syncs = sync - 1 }.Sync(full: false);
        Write($"tiered-{name}-{sync}", w);
    }

// Summing: every rank marks element k at k, then before each sync adds (r + 1) k to it; written after a full sync,
// and after each of tiered syncs 1 to 4 in one run.
using (var single = arange(rows * width, ScalarType.Float32).reshape(rows, width))
using (var dbl = arange(rows * width, ScalarType.Float64).reshape(rows, width))
using (var sum = new WeightAveraging(group, Enumerable.Repeat(1L, rows).ToList(), false, true, single, dbl))
{
    sum.Mark();
    foreach (var t in new[] { single, dbl }) Step(t);
    sum.Sync(full: false);
    Write("sum-full-float32", single);
    Write("sum-full-float64", dbl);
}
foreach (var (name, counts) in new[] { ("shuffled", shuffled), ("ordered", ordered) })
{
    using var w = arange(rows * width, ScalarType.Float32).reshape(rows, width);
    using var sum = new WeightAveraging(group, counts, true, true, w);
    sum.Mark();
    for (var sync = 1; sync <= 4; sync++)
    {
        Step(w);
        sum.Sync(full: false);
        Write($"sum-tiered-{name}-{sync}", w);
    }
}

void Step(Tensor t)
{
    using var update = arange(rows * width, t.dtype).reshape(rows, width).mul_(group.Rank + 1);
    t.add_(update);
}
